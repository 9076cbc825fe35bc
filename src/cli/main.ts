// Entry point: global options (valid anywhere on the line), then dispatch on the command words.
import type { Ctx, OutputFormat } from './context.js';
import { volumeCommands, topCommands } from './registry.js';
import { defaultHome } from '../mgmt/home.js';
import { makeConfirm } from './prompt.js';

async function main(argv: string[]): Promise<number> {
  const words: string[] = [];
  let script = false;
  let format: OutputFormat = 'text';
  for (const a of argv) {
    if (a === '--mode=script') script = true;
    else if (a === '--mode=interactive') script = false;
    else if (a === '--xml') format = 'xml';
    else if (a === '--json') format = 'json';
    else words.push(a);
  }
  const out = (s: string) => void process.stdout.write(s);
  const err = (s: string) => void process.stderr.write(s);
  const ctx: Ctx = {
    home: defaultHome(),
    script,
    format,
    color: format === 'text' && !script && !!process.stdout.isTTY && !process.env.NO_COLOR,
    out,
    err,
    confirm: makeConfirm(script, out),
  };
  const [first, second, ...rest] = words;
  if (first === 'volume' && second && volumeCommands[second]) {
    return (await volumeCommands[second]()).run(ctx, rest);
  }
  if (first && topCommands[first]) {
    return (await topCommands[first]()).run(ctx, words.slice(1));
  }
  out(`unrecognized word: ${first} (position 0)\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Last line of defence: never a stack trace.
    process.stderr.write(`tgluster: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
