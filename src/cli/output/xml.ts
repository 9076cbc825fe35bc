// gluster's --xml output, byte for byte. gluster writes it with libxml2's xmlTextWriter with
// indentation on; we reproduce that writer's layout rules rather than pull in an XML library,
// because general-purpose serializers (xmlbuilder2 etc.) differ from libxml2 exactly where
// gluster's output is odd: mixed content (`<brick uuid=..>host:/path<name>..</name>..</brick>`
// puts child elements inline, with no indentation, once text was written), empty elements as
// `<x/>`, and the `standalone="yes"` declaration. The rules:
//   - every element starts on a new line, indented 2 spaces per depth,
//     unless its parent already holds text (then it follows inline);
//   - an element with no content is `<x/>`;
//   - an element holding only text is `<x>text</x>`;
//   - an element holding elements closes on its own indented line, unless it also holds text.
//   - the document ends with "\n".

export type XmlChild = XmlElement | string | number;

export interface XmlElement {
  name: string;
  attrs?: Array<[string, string]>;
  children: XmlChild[];
}

/** Element builder: `el('volume', el('name', 'v1'), el('id', id))`. Undefined/null children are dropped. */
export type XmlChildren = Array<XmlChild | Array<XmlChild | undefined | null> | undefined | null>;

export function el(name: string, ...children: XmlChildren): XmlElement {
  const flat: XmlChild[] = [];
  for (const c of children) {
    if (c === undefined || c === null) continue;
    if (Array.isArray(c)) {
      for (const x of c) if (x !== undefined && x !== null) flat.push(x);
    } else {
      flat.push(c);
    }
  }
  return { name, children: flat };
}

/** Element with attributes: `elAttrs('brick', [['uuid', u]], text, el(...))`. */
export function elAttrs(
  name: string,
  attrs: Array<[string, string]>,
  ...children: XmlChildren
): XmlElement {
  return { ...el(name, ...children), attrs };
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function isText(c: XmlChild): c is string | number {
  return typeof c !== 'object';
}

function write(e: XmlElement, depth: number, inline: boolean, out: string[]): void {
  if (!inline) out.push(`\n${'  '.repeat(depth)}`);
  out.push(`<${e.name}`);
  for (const [k, v] of e.attrs ?? []) out.push(` ${k}="${escapeAttr(v)}"`);
  // Empty strings write nothing, as xmlTextWriterWriteString("") does.
  const kids = e.children.filter((c) => !(isText(c) && String(c) === ''));
  if (kids.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  let mixed = false;
  for (const c of kids) {
    if (isText(c)) {
      out.push(escapeText(String(c)));
      mixed = true;
    } else {
      write(c, depth + 1, mixed || inline, out);
    }
  }
  if (!mixed && !inline) out.push(`\n${'  '.repeat(depth)}`);
  out.push(`</${e.name}>`);
}

/** The whole document, declaration included, ending in "\n". */
export function renderXmlDocument(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'];
  write(root, 0, false, out);
  out.push('\n');
  return out.join('');
}

/** gluster's common envelope: `<cliOutput><opRet/><opErrno/><opErrstr/>...body</cliOutput>`. */
export function cliOutputXml(opRet: number, opErrno: number, opErrstr: string, body: XmlChild[] = []): string {
  return renderXmlDocument(el('cliOutput', el('opRet', opRet), el('opErrno', opErrno), el('opErrstr', opErrstr), body));
}
