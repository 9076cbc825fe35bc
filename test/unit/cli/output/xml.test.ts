// The XML writer must reproduce libxml2's layout for every --xml transcript in the corpus:
// each document is parsed into a tree and re-rendered, and the bytes must match.
import { describe, expect, it } from 'vitest';
import { caseNames, readCase } from '../../mgmt/options/corpus.js';
import { cliOutputXml, el, elAttrs, renderXmlDocument, type XmlChild, type XmlElement } from '../../../../src/cli/output/xml.js';

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#(\d+);/g, (_m, d) => String.fromCharCode(Number(d))).replace(/&amp;/g, '&');
}

/** Minimal parser for the corpus documents: tags, attributes, text; whitespace-only text between tags is layout. */
function parse(doc: string): XmlElement {
  const body = doc.replace(/^<\?xml[^>]*\?>/, '');
  const re = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  const root: XmlElement = { name: '#root', children: [] };
  const stack: XmlElement[] = [root];
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      if (m[5].trim() !== '') top.children.push(unescape(m[5]));
      continue;
    }
    if (m[1]) {
      stack.pop();
      continue;
    }
    const attrs = [...m[3]!.matchAll(/([\w.-]+)="([^"]*)"/g)].map((a): [string, string] => [a[1]!, unescape(a[2]!)]);
    const e: XmlElement = { name: m[2]!, children: [], ...(attrs.length ? { attrs } : {}) };
    top.children.push(e);
    if (!m[4]) stack.push(e);
  }
  return root.children.find((c): c is XmlElement => typeof c === 'object')!;
}

const xmlCases = caseNames()
  .filter((n) => n.endsWith('.xml'))
  .filter((n) => readCase(n).stdout.startsWith('<?xml'));

describe('renderXmlDocument', () => {
  it('finds the corpus', () => {
    expect(xmlCases.length).toBeGreaterThan(100);
  });

  it.each(xmlCases)('re-renders %s byte for byte', (name) => {
    const { stdout } = readCase(name);
    expect(renderXmlDocument(parse(stdout))).toBe(stdout);
  });

  it('writes mixed content inline and empty elements as <x/>', () => {
    const brick = elAttrs('brick', [['uuid', 'u']], 'h:/p', el('name', 'h:/p'), el('isArbiter', 0));
    expect(renderXmlDocument(el('a', el('bricks', brick), el('tasks')))).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<a>\n  <bricks>\n    <brick uuid="u">h:/p<name>h:/p</name><isArbiter>0</isArbiter></brick>\n  </bricks>\n  <tasks/>\n</a>\n',
    );
  });

  it('escapes text and attributes', () => {
    const doc = renderXmlDocument(elAttrs('x', [['k', 'a"<&']], 'a<b>&c'));
    expect(doc).toContain('<x k="a&quot;&lt;&amp;">a&lt;b&gt;&amp;c</x>');
  });

  it('builds the error envelope of volume-start-error-nonexistent', () => {
    expect(cliOutputXml(-1, 30800, 'Volume cliNope does not exist')).toBe(readCase('volume-start-error-nonexistent.xml').stdout);
  });

  it('drops empty-string children so the element self-closes', () => {
    const kids: XmlChild[] = [''];
    expect(renderXmlDocument(el('r', el('opErrstr', ...kids)))).toContain('<opErrstr/>');
  });
});
