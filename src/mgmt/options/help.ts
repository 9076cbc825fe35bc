// `volume set help` / `volume set help-xml`: the documented options with default and description.
import { MAP } from './catalogue.js';

const entries = () => MAP.filter((e) => e.help).map((e) => ({ key: e.key, dflt: e.help![0], descr: e.help![1] }));

export function setHelpText(): string {
  return entries()
    .map((e) => `Option: ${e.key}\nDefault Value: ${e.dflt}\nDescription: ${e.descr}\n\n`)
    .join('');
}

// xmlEncodeSpecialChars: &, <, >, " and CR.
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');

/** glusterd writes this document without indentation, on one line. */
export function setHelpXml(): string {
  const body = entries()
    .map((e) => `<option><defaultValue>${esc(e.dflt)}</defaultValue><description>${esc(e.descr)}</description><name>${esc(e.key)}</name></option>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<options>${body}</options>\n`;
}
