// The gluster command line, testable in-process: global options (valid anywhere on the line),
// then the command words resolved against gluster's word tree and dispatched to a module.
import type { Ctx, OutputFormat } from './context.js';
import { volumeCommands, topCommands, ownVolumeCommands } from './registry.js';
import * as fs from 'node:fs';
import { defaultHome } from '../mgmt/home.js';
import { appendLog, logDir } from '../mgmt/log.js';
import { MgmtError, StateCorruptError } from '../mgmt/errors.js';
import { FopError } from '../libglusterfs/errors.js';
import { makeConfirm, readStdinLine, type LineReader } from './prompt.js';
import { fdWriter, isTTY } from './stdio.js';
import { resolve } from './grammar.js';
import { GLOBAL_USAGE } from './usage.js';
import { TGLUSTER_HELP, TOP_HELP, VERSION } from './help/texts.js';
import { versionLine } from './help/version.js';

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Run as tgluster (not through a symlink named gluster): its own lines follow gluster's. */
export const isTgluster = (io: Pick<CliIO, 'program'>): boolean => io.program !== 'gluster';

/** Where the CLI reads and writes; tests substitute their own. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  env: Record<string, string | undefined>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  readLine: LineReader;
  /** The name this was run as: `gluster` (a symlink, for scripts) shows gluster's screens alone. */
  program?: string;
}

export function processIO(): CliIO {
  return {
    out: fdWriter(1),
    err: fdWriter(2),
    env: process.env,
    // A getter: only the shell asks, and stdin is often /dev/null, for which isTTY loads node:tty.
    get stdinIsTTY() {
      return isTTY(0);
    },
    stdoutIsTTY: isTTY(1),
    readLine: readStdinLine,
    program: process.argv[1] ? basename(process.argv[1]) : undefined,
  };
}

interface Globals {
  script: boolean;
  format: OutputFormat;
  /** --log-file: where the CLI's log goes (default <home>/log/cli.log). */
  logFile?: string;
  wignore?: boolean;
  /** --remote-host / --glusterd-sock: the glusterd asked, when not this node's. */
  remoteHost?: string;
  glusterdSock?: string;
}

/** What the option scan decided: go on with these words, or stop with this exit code. */
type OptionScan = { words: string[] } | { exit: number };

const LOG_LEVELS = new Set(['none', 'critical', 'error', 'warning', 'info', 'debug', 'trace']);
const BOOLEANS = new Set(['on', 'off', 'yes', 'no', 'true', 'false', 'enable', 'disable', '1', '0']);

/**
 * gluster's option scan: every `--X` anywhere on the line, left to right; `--` ends the scan;
 * informational options print and exit at once; the first unknown option stops everything.
 */
function scanOptions(argv: string[], g: Globals, io: CliIO): OptionScan {
  // Like gluster, leave `volume geo-replication ... config --opt` alone.
  if (argv.length > 4 && argv[1]?.startsWith('geo') && argv[4]?.startsWith('co')) return { words: argv };
  const own = isTgluster(io) ? ownVolumeCommand(argv.filter((a) => !a.startsWith('--'))) : undefined;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      words.push(a);
      continue;
    }
    const opt = a.slice(2);
    // tgluster's own volume commands read their options themselves.
    if (own?.options.includes(opt.split('=')[0])) {
      words.push(a);
      continue;
    }
    const value = (prefix: string) => (opt.startsWith(prefix) ? opt.slice(prefix.length) : undefined);
    if (opt === '') {
      words.push(...argv.slice(i + 1));
      break;
    }
    // --help prints the `help` screen with one blank line less (cli_out adds no second newline there)
    if (opt === 'help') return print(io, TOP_HELP.slice(0, -1) + (isTgluster(io) ? TGLUSTER_HELP : ''));
    if (opt === 'version') return print(io, VERSION + (isTgluster(io) ? versionLine() : ''));
    // gluster's is /var/log/glusterfs; tgluster's logs live in its state dir (README).
    if (opt === 'print-logdir') return print(io, `${logDir(defaultHome())}\n`);
    if (opt === 'print-statedumpdir') return print(io, '/var/run/gluster\n');
    // tgluster's own words of `volume heal` and `rebalance ... start` (as gluster, unknown options as in gluster).
    if ((opt === 'background' || opt === 'watch' || opt === 'wait') && isTgluster(io)) {
      words.push(a);
      continue;
    }
    if (opt === 'xml') g.format = 'xml';
    else if (opt === 'json') g.format = 'json';
    else if (opt === 'wignore') g.wignore = true;
    // --wignore-partition is accepted and, as in 10.3, changes nothing.
    else if (opt === 'nolog' || opt === 'wignore-partition' || opt.startsWith('inet6')) continue;
    else if (value('mode=') !== undefined) {
      const mode = value('mode=');
      if (mode === 'script') g.script = true;
      else if (mode !== 'interactive') return unknownOption(io, opt);
    } else if (value('timeout=') !== undefined) {
      const t = value('timeout=')!;
      if (!/^[+-]?\d+$/.test(t) || Number(t) <= 0) {
        io.err('timeout value should be a positive integer\n');
        return { exit: 254 };
      }
    } else if (value('log-level=') !== undefined) {
      if (!LOG_LEVELS.has(value('log-level=')!.toLowerCase())) return unknownOption(io, opt);
    } else if (value('secure-mgmt=') !== undefined) {
      if (!BOOLEANS.has(value('secure-mgmt=')!.toLowerCase())) io.err('invalid secure-mgmt value (ignored)\n');
    } else if (value('log-file=') !== undefined) {
      g.logFile = value('log-file=');
    } else if (value('remote-host=') !== undefined) {
      g.remoteHost = value('remote-host=');
    } else if (value('glusterd-sock=') !== undefined) {
      g.glusterdSock = value('glusterd-sock=');
    } else {
      return unknownOption(io, opt);
    }
  }
  return { words };
}

/**
 * --remote-host / --glusterd-sock name the glusterd the CLI asks. Here every node's glusterd is
 * this state dir: a name of this machine or a connected peer reaches it, the default socket too;
 * anything else (an unknown or dead host, a socket that does not exist) fails as the CLI fails
 * to connect.
 */
async function unreachableGlusterd(home: string, g: Globals): Promise<boolean> {
  if (g.glusterdSock !== undefined && g.glusterdSock !== DEFAULT_SOCK && !fs.existsSync(g.glusterdSock)) return true;
  if (g.remoteHost === undefined) return false;
  if (g.remoteHost === '') return true;
  // Loaded only here: name resolution costs every other command its start-up time.
  const { findPeerByHost, isLocalHost } = await import('../mgmt/hosts.js');
  return !isLocalHost(g.remoteHost) && findPeerByHost(home, g.remoteHost)?.connected !== true;
}

/** `volume handover|adopt ...` (any unique abbreviation of `volume`): that command's entry. */
function ownVolumeCommand(words: readonly string[]): (typeof ownVolumeCommands)[string] | undefined {
  const [first, second] = words;
  if (first === undefined || second === undefined || !Object.hasOwn(ownVolumeCommands, second)) return undefined;
  const r = resolve([first, second]);
  return 'volume'.startsWith(first) && r.kind === 'unknown-word' && r.position === 1 ? ownVolumeCommands[second] : undefined;
}

const DEFAULT_SOCK = '/var/run/glusterd.socket';

/** Help screens need no glusterd. */
function isHelpOnly(words: string[]): boolean {
  const r = resolve(words);
  return r.kind === 'command' && (r.path[0] === 'help' || r.path[r.path.length - 1] === 'help');
}

function connectionFailed(io: CliIO): number {
  io.out('Connection failed. Please check if gluster daemon is operational.\n');
  return 1;
}

function print(io: CliIO, text: string): OptionScan {
  io.out(text);
  return { exit: 0 };
}

function unknownOption(io: CliIO, opt: string): OptionScan {
  io.out(`unrecognized option --${opt}\n\n${GLOBAL_USAGE}`);
  return { exit: 255 };
}

function makeCtx(g: Globals, io: CliIO): Ctx {
  return {
    home: defaultHome(),
    script: g.script,
    format: g.format,
    color: g.format === 'text' && !g.script && io.stdoutIsTTY && !io.env.NO_COLOR,
    out: io.out,
    err: io.err,
    confirm: makeConfirm(g.script, io.out, io.readLine),
    tgluster: isTgluster(io),
    wignore: g.wignore,
  };
}

/** A failure nobody turned into gluster's text: one line on stderr, never a stack trace. */
function reportUncaught(ctx: Ctx, command: string, e: unknown): number {
  const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
  // An operating-system error (bad TGLUSTER_HOME, full disk, ...) names its path and errno: the
  // environment's fault, not an internal one.
  const osError = e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string';
  if (e instanceof MgmtError || e instanceof StateCorruptError || e instanceof FopError || osError) {
    ctx.err(`${command}: failed: ${message}\n`);
  } else {
    ctx.err(`${command}: failed: internal error: ${message}\n`);
  }
  return 1;
}

/** Runs one command line (global options already removed). */
export async function runWords(ctx: Ctx, words: string[]): Promise<number> {
  const r = resolve(words);
  const own = ctx.tgluster ? ownVolumeCommand(words) : undefined;
  if (own) {
    try {
      return await (await own.load()).run(ctx, words.slice(2));
    } catch (e) {
      return reportUncaught(ctx, `volume ${words[1]}`, e);
    }
  }
  if (r.kind === 'unknown-word') {
    ctx.out(`unrecognized word: ${r.word} (position ${r.position})\n\n${GLOBAL_USAGE}`);
    return 1;
  }
  if (r.kind === 'incomplete') {
    ctx.out(`unrecognized command\n\n${GLOBAL_USAGE}`);
    return 1;
  }
  const command = r.path.join(' ');
  const rest = words.slice(r.used);
  try {
    return await dispatch(ctx, r.path, command, rest);
  } catch (e) {
    return reportUncaught(ctx, command, e);
  }
}

async function dispatch(ctx: Ctx, path: string[], command: string, rest: string[]): Promise<number> {
  const helpAfter = (command === 'volume bitrot' || command === 'volume quota') && rest.length === 1 && rest[0] === 'help';
  // Every help screen is `help` or `... help`: other commands do not load the help module.
  if (command === 'help' || command.endsWith(' help') || helpAfter) {
    const help = await import('./commands/help.js');
    if (command === 'help') return help.run(ctx, rest);
    if (help.HELP_SCREENS[command] !== undefined) return help.showHelp(ctx, command);
    if (helpAfter) return help.showHelp(ctx, `${command} help`);
  }
  if (command === 'quit' || command === 'exit') return 0;
  if (path[0] === 'system::') return (await import('./commands/system.js')).run(ctx, [...path.slice(1), ...rest]);
  if (path[0] === 'volume' && volumeCommands[path[1]]) return (await volumeCommands[path[1]]()).run(ctx, rest);
  if (path[0] !== 'volume' && topCommands[path[0]]) {
    return (await topCommands[path[0]]()).run(ctx, [...path.slice(1), ...rest]);
  }
  return (await import('./commands/unsupported.js')).runUnsupported(ctx, command, rest);
}

const WELCOME = "Welcome to gluster prompt, type 'help' to see the available commands.\n";

/**
 * `gluster` with no words. On a terminal: a `gluster> ` prompt, errors do not end the session.
 * Otherwise (piped input) gluster switches to script mode, prints no prompt, and stops at the
 * first failing command with its exit code. `quit`/`exit` or EOF end the session.
 */
async function shell(g: Globals, io: CliIO): Promise<number> {
  io.err(WELCOME);
  const tty = io.stdinIsTTY;
  const ctx = makeCtx(tty ? g : { ...g, script: true }, io);
  for (;;) {
    if (tty) io.out('gluster> ');
    const line = io.readLine();
    if (line === undefined) {
      if (tty) io.out('\n'); // like readline at ^D: the shell prompt starts on a fresh line
      return 0;
    }
    const words = line.split(/[ \t\r\n]+/).filter((w) => w !== '');
    if (words.length === 0) continue;
    const r = resolve(words);
    if (r.kind === 'command' && (r.path[0] === 'quit' || r.path[0] === 'exit')) return 0;
    const code = await runWords(ctx, words);
    if (code !== 0 && !tty) return code;
  }
}

/** tgluster's own command groups (not gluster's grammar): they parse their own options. */
function extraCommand(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) continue;
    return topCommands[argv[i]] && resolve([argv[i]]).kind === 'unknown-word' ? i : -1;
  }
  return -1;
}

export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  const g: Globals = { script: false, format: 'text' };
  const extra = extraCommand(argv);
  const scan = scanOptions(extra >= 0 ? argv.slice(0, extra) : argv, g, io);
  if ('exit' in scan) return scan.exit;
  if (extra >= 0) {
    const ctx = makeCtx(g, io);
    try {
      return await (await topCommands[argv[extra]]()).run(ctx, argv.slice(extra + 1));
    } catch (e) {
      return reportUncaught(ctx, argv[extra], e);
    }
  }
  if (scan.words.length === 0) return shell(g, io);
  const ctx = makeCtx(g, io);
  const code = (await unreachableGlusterd(ctx.home, g)) && !isHelpOnly(scan.words) ? connectionFailed(io) : await runWords(ctx, scan.words);
  // cli.log, as gluster's: what ran and how it ended (commands only, not help or version).
  appendLog(ctx.home, g.logFile ?? 'cli.log', 'I', 'cli', 'cli', `${scan.words.join(' ')}: exiting with: ${code}`);
  return code;
}

