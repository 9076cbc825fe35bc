// The shell around the commands: dispatch, interactive mode, context flags, failures that no
// command turned into gluster text. (Byte-exact shell output is in the corpus cases.)
import { afterEach, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { topCommands, volumeCommands } from '../../src/cli/registry.js';
import type { Ctx } from '../../src/cli/context.js';
import { cli, tempHome } from './cli-io.js';
import { VOLUME_HELP, PEER_HELP } from '../../src/cli/help/texts.js';

const homes: string[] = [];
const home = () => {
  const h = tempHome();
  homes.push(h);
  return h;
};
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
  delete topCommands.zzprobe;
});

/** Registers an extra command that records the context it was given. */
function probe() {
  const seen: { ctx?: Ctx; words?: string[] } = {};
  topCommands.zzprobe = async () => ({
    run: async (ctx: Ctx, words: string[]) => {
      seen.ctx = ctx;
      seen.words = words;
      return 0;
    },
  });
  return seen;
}

describe('interactive shell', () => {
  test('on a terminal: prompt before each line, errors do not end it, quit does', async () => {
    const r = await cli(home(), [], ['frobnicate', '', 'peer help', 'quit', 'volume help'], { stdinIsTTY: true });
    expect(r.exit).toBe(0);
    expect(r.stderr).toBe("Welcome to gluster prompt, type 'help' to see the available commands.\n");
    expect(r.stdout.startsWith('gluster> unrecognized word: frobnicate (position 0)\n')).toBe(true);
    expect(r.stdout.endsWith(`gluster> gluster> ${PEER_HELP}gluster> `)).toBe(true);
    expect(r.stdout).not.toContain(VOLUME_HELP);
  });

  test('piped input runs in script mode: no prompt text, prompts answered yes', async () => {
    const real = volumeCommands.stop;
    const answers: boolean[] = [];
    volumeCommands.stop = async () => ({
      run: async (ctx: Ctx) => {
        answers.push(await ctx.confirm('Stopping volume will make its data inaccessible. Do you want to continue?'));
        return 0;
      },
    });
    try {
      const r = await cli(home(), [], ['volume stop v1', 'vol sto v2']);
      expect(r).toMatchObject({ exit: 0, stdout: '' });
      expect(answers).toEqual([true, true]);
    } finally {
      volumeCommands.stop = real;
    }
  });

  test('piped input stops at the first failing command, with its exit code', async () => {
    const r = await cli(home(), [], ['peer help', 'volume start', 'peer help']);
    expect(r.exit).toBe(1);
    expect(r.stdout).toBe(PEER_HELP);
    expect(r.stderr).toContain('\nUsage:\nvolume start <VOLNAME> [force]\n\n');
  });

  test('extra commands are not part of the shell grammar', async () => {
    const seen = probe();
    const r = await cli(home(), [], ['zzprobe a b']);
    expect(r.exit).toBe(1);
    expect(seen.ctx).toBeUndefined();
    expect(r.stdout.startsWith('unrecognized word: zzprobe (position 0)\n')).toBe(true);
  });

  test('EOF ends the session with 0 (on a terminal after a newline)', async () => {
    expect(await cli(home(), [], [])).toMatchObject({ exit: 0, stdout: '' });
    expect(await cli(home(), [], [], { stdinIsTTY: true })).toMatchObject({ exit: 0, stdout: 'gluster> \n' });
  });
});

describe('context handed to commands', () => {
  test('global options anywhere before an extra command; its own words pass through untouched', async () => {
    const seen = probe();
    const r = await cli(home(), ['--xml', 'zzprobe', '--help', '-x'], [], { stdoutIsTTY: true });
    expect(r.exit).toBe(0);
    expect(seen.words).toEqual(['--help', '-x']);
    expect(seen.ctx).toMatchObject({ format: 'xml', script: false, color: false });
  });

  test('colour only on a TTY, in text, interactive mode, without NO_COLOR', async () => {
    const seen = probe();
    const colour = async (argv: string[], tty: boolean, env: Record<string, string> = {}) => {
      await cli(home(), [...argv, 'zzprobe'], [], { stdoutIsTTY: tty, env });
      return seen.ctx?.color;
    };
    expect(await colour([], true)).toBe(true);
    expect(await colour([], false)).toBe(false);
    expect(await colour([], true, { NO_COLOR: '1' })).toBe(false);
    expect(await colour(['--json'], true)).toBe(false);
    expect(await colour(['--mode=script'], true)).toBe(false);
  });

  test('the home comes from TGLUSTER_HOME', async () => {
    const seen = probe();
    const h = home();
    await cli(h, ['zzprobe']);
    expect(seen.ctx?.home).toBe(h);
  });
});

describe('commands tgluster does not implement', () => {
  test("a well-formed line fails clearly, never pretends success, after glusterd's own checks (text, --xml, --json)", async () => {
    const h = home();
    const missing = await cli(h, ['volume', 'heal', 'v1', 'info', 'summary']);
    expect(missing).toEqual({ exit: 254, stdout: 'Volume v1 does not exist\nVolume heal failed.\n', stderr: '' });
    const bricks = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-unbuilt-'));
    try {
      const specs = [1, 2, 3].map((i) => `server${i}:${bricks}/b${i}`);
      expect((await cli(h, ['--mode=script', 'volume', 'create', 'v1', 'replica', '3', ...specs, 'force'])).exit).toBe(0);
      const stopped = await cli(h, ['volume', 'heal', 'v1']);
      expect(stopped).toEqual({ exit: 1, stdout: '', stderr: 'Launching heal operation to perform index self heal on volume v1 has been unsuccessful:\nVolume v1 is not started.\n' });
      expect((await cli(h, ['volume', 'start', 'v1'])).exit).toBe(0);
      const r = await cli(h, ['volume', 'top', 'v1', 'open']);
      expect(r).toEqual({ exit: 1, stdout: '', stderr: "volume top: failed: 'volume top' is not supported by tgluster yet\n" });
      const x = await cli(h, ['volume', 'top', 'v1', 'open', '--xml']);
      expect(x.exit).toBe(0);
      expect(x.stdout).toContain("<opRet>-1</opRet>\n  <opErrno>95</opErrno>\n  <opErrstr>'volume top' is not supported by tgluster yet</opErrstr>");
      const j = await cli(h, ['--json', 'volume', 'top', 'v1', 'open']);
      expect([j.exit, JSON.parse(j.stdout)]).toEqual([1, { error: { code: 95, message: "'volume top' is not supported by tgluster yet" } }]);
    } finally {
      fs.rmSync(bricks, { recursive: true, force: true });
    }
  });

  test('a malformed line gets gluster usage', async () => {
    const r = await cli(home(), ['volume', 'rebalance', 'v1', 'begin']);
    expect(r.exit).toBe(1);
    expect(r.stderr).toBe(
      '\nUsage:\nvolume rebalance <VOLNAME> {{fix-layout start} | {start [force]|stop|status}}\n\n',
    );
  });

  test('geo-replication config lines keep their --options (gluster skips the option scan)', async () => {
    const r = await cli(home(), ['volume', 'geo-replication', 'a', 'b::c', 'config', '--bogus']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('not supported by tgluster yet');
  });
});

describe('failures nobody turned into gluster text', () => {
  test('a corrupt state file: one line naming it, exit 1, state untouched', async () => {
    const h = home();
    const file = path.join(h, 'glusterd.info');
    fs.writeFileSync(file, 'garbage\n');
    const r = await cli(h, ['system::', 'uuid', 'get']);
    expect(r.exit).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^system:: uuid get: failed: .*${file.replace(/[.]/g, '\\.')}.*\\n$`));
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(fs.readFileSync(file, 'utf8')).toBe('garbage\n');
  });

  test('an operating-system error names its path, and is not called internal', async () => {
    const missing = path.join(home(), 'no', 'such', 'file');
    topCommands.zzprobe = async () => ({
      run: async () => {
        fs.readFileSync(missing);
        return 0;
      },
    });
    const r = await cli(home(), ['zzprobe']);
    expect(r).toEqual({
      exit: 1,
      stdout: '',
      stderr: `zzprobe: failed: ENOENT: no such file or directory, open '${missing}'\n`,
    });
  });

  test('an unexpected exception: one line, no stack frames', async () => {
    topCommands.zzprobe = async () => ({
      run: async () => {
        throw new TypeError('boom\n    at somewhere (file.js:1:1)');
      },
    });
    const r = await cli(home(), ['zzprobe']);
    expect(r).toEqual({ exit: 1, stdout: '', stderr: 'zzprobe: failed: internal error: boom at somewhere (file.js:1:1)\n' });
  });
});
