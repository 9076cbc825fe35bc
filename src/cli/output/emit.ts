// The one way management commands print results, in all three formats.
//
// HOW TO USE (every mgmt command):
//
//   import { runOp } from '../output/emit.js';
//   import { el } from '../output/xml.js';
//   import { usageError } from '../usage.js';
//
//   export async function run(ctx: Ctx, words: string[]): Promise<number> {
//     if (words.length !== 1) return usageError(ctx, 'volume start');
//     const name = words[0];
//     return runOp(ctx, { failPrefix: `volume start: ${name}` }, async () => {
//       const vol = await withTransaction(ctx.home, name, () => { ...; return vol; });
//       return {
//         text: `volume start: ${name}: success\n`,                       // exact stdout bytes
//         xml: [el('volStart', el('volume', el('name', name), el('id', vol.id)))], // after <opErrstr/>
//         json: { volume: { name, id: vol.id } },                         // see JSON below
//       };
//     });
//   }
//
// Inside the callback, throw MgmtError(message, opErrno) for a glusterd-style rejection; a
// StateCorruptError is reported the same way. runOp then prints:
//   text: `<failPrefix>: failed: <message>\n` to stderr, exit 1 (with failPrefix '' just
//         `<message>\n`, as `volume status` does);
//   xml:  <cliOutput> with opRet -1, opErrno, opErrstr (+ `failXml(message)` body if given)
//         on stdout, exit 0 (gluster's --xml exit code for glusterd rejections);
//   json: `{"error":{"code":<opErrno>,"message":"<message>"}}` on stdout, exit 1.
// On success: text to stdout exit 0; xml <cliOutput> opRet 0 opErrno 0 <opErrstr/> + body;
// json: the `json` value, pretty-printed (2 spaces) + "\n", exit 0.
//
// JSON conventions (stable, ours; gluster has no JSON): objects with camelCase keys; a command
// about one volume returns `{"volume": {...}}`, about several `{"volumes": [...]}`; a command
// whose only result is a message returns `{"message": "<the text line without newline>"}`.
// Shapes of each command are listed in docs/json-output.md. Errors always use the error shape
// above and a non-zero exit code, in every format but xml.
//
// Usage errors (CLI parse errors) never produce XML or JSON: use `usageError` from ../usage.ts.
import type { Ctx } from '../context.js';
import { MgmtError, StateCorruptError } from '../../mgmt/errors.js';
import { cliOutputXml, type XmlChild } from './xml.js';

export interface OpSuccess {
  /** Exact text-mode stdout (include the final "\n"). Omit to print nothing. */
  text?: string;
  /** Text-mode stderr printed alongside a success (for example status all's stopped volumes). */
  textErr?: string;
  /** XML body after <opErrstr/>. */
  xml?: XmlChild[];
  /** Override the XML opErrno on success (peer probe of localhost reports 1). */
  xmlOpErrno?: number;
  /** glusterd's op_errstr on success (replace-brick and reset-brick put their message there). */
  xmlOpErrstr?: string;
  /** JSON payload. Defaults to {"message": text without its final newline}. */
  json?: unknown;
  /** Exit code override (rare: gluster exits 1 with partial output in a few places). */
  exitCode?: number;
}

export interface OpLabel {
  /** `volume start: cliRep3` -> `volume start: cliRep3: failed: <msg>`; '' prints `<msg>` alone. */
  failPrefix: string;
  /** XML body for failures after <opErrstr> (status adds <cliOp>/<output>). */
  failXml?: (message: string) => XmlChild[];
}

export interface OpFailure {
  message: string;
  opErrno: number;
}

/** Turns a thrown error into a gluster-style failure, or undefined if it is a real bug. */
export function asFailure(e: unknown): OpFailure | undefined {
  if (e instanceof MgmtError) return { message: e.message, opErrno: e.opErrno };
  if (e instanceof StateCorruptError) return { message: e.message, opErrno: 30800 };
  return undefined;
}

export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function printSuccess(ctx: Ctx, s: OpSuccess): number {
  if (ctx.format === 'xml') {
    ctx.out(cliOutputXml(0, s.xmlOpErrno ?? 0, s.xmlOpErrstr ?? '', s.xml ?? []));
  } else if (ctx.format === 'json') {
    ctx.out(jsonText(s.json ?? { message: (s.text ?? '').replace(/\n$/, '') }));
  } else {
    if (s.text) ctx.out(s.text);
    if (s.textErr) ctx.err(s.textErr);
  }
  return s.exitCode ?? 0;
}

export function printFailure(ctx: Ctx, label: OpLabel, f: OpFailure): number {
  if (ctx.format === 'xml') {
    ctx.out(cliOutputXml(-1, f.opErrno, f.message, label.failXml?.(f.message) ?? []));
    return 0;
  }
  if (ctx.format === 'json') {
    ctx.out(jsonText({ error: { code: f.opErrno, message: f.message } }));
    return 1;
  }
  ctx.err(label.failPrefix ? `${label.failPrefix}: failed: ${f.message}\n` : `${f.message}\n`);
  return 1;
}

/** Runs one management operation and prints its result or its failure (see top of file). */
export async function runOp(ctx: Ctx, label: OpLabel, fn: () => OpSuccess | Promise<OpSuccess>): Promise<number> {
  let s: OpSuccess;
  try {
    s = await fn();
  } catch (e) {
    const f = asFailure(e);
    if (!f) throw e;
    return printFailure(ctx, label, f);
  }
  return printSuccess(ctx, s);
}
