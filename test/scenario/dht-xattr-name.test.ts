// cluster.dht-xattr-name (DHT's volfile option xattr-name): DHT names every key it keeps on the
// bricks after it, as 10.3's dht_init derives them: the layout key is the name itself, and
// <name>.mds, <name>.linkto, <name>.commithash are the MDS marker, the linkto pointer and the
// volume commit hash (what a 10.3 volume with trusted.foo.bar shows, and bug-924265.t). Files go
// where they go without the option; a rebalance after add-brick works under the name; through a
// client, the keys under the name are the volume's own, and trusted.glusterfs.dht* ordinary ones.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVolume, type VolumeClient } from '../../src/api/index.js';
import { getXattrOpt, listXattrs } from '../../src/xattr/index.js';
import { decodeLayout, hashedSubvol, type DirLayout } from '../../src/xlators/dht/layout.js';
import { fopCodeAsync as code } from '../helpers/fop-code.js';
import { makeEnv, type Env } from './fs-helpers.js';

const NAME = 'trusted.foo.bar';
const DEFAULT = 'trusted.glusterfs.dht';
const FILES = Array.from({ length: 40 }, (_, i) => `f${i}`);

let e: Env;
/** The volume with the option (X) and one without (D), made and used alike. */
let xb: string[];
let db: string[];
let xv: VolumeClient;
let dv: VolumeClient;

const ok = (...args: string[]) => {
  const r = e.run(['--mode=script', ...args]);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};

/** create, the option set before the first start (as bug-924265.t does it), start. */
function volume(name: string, n: number, xattrName?: string): string[] {
  const paths = Array.from({ length: n }, (_, i) => path.join(e.dir, `${name}-b${i}`));
  ok('volume', 'create', name, ...paths.map((p) => `server1:${p}`), 'force');
  if (xattrName) ok('volume', 'set', name, 'cluster.dht-xattr-name', xattrName);
  ok('volume', 'start', name);
  return paths;
}

/** What each brick holds under a name: data, linkto or nothing. */
const kinds = (bricks: string[], rel: string) =>
  bricks.map((b) => {
    const st = fs.lstatSync(path.join(b, rel), { throwIfNoEntry: false });
    if (!st) return '-';
    return (st.mode & 0o7777) === 0o1000 && st.size === 0 ? 'linkto' : 'data';
  });

const layoutOf = (bricks: string[], vol: string, rel: string, key: string): DirLayout => ({
  entries: bricks.map((b, i) => ({ name: `${vol}-client-${i}`, range: decodeLayout(getXattrOpt(path.join(b, rel), key)!) })),
});

/** Every key of the brick trees (.glusterfs aside) starting with `prefix`, as `brick#:path key`. */
function keysOnBricks(bricks: string[], prefix: string): string[] {
  const out: string[] = [];
  const walk = (i: number, rel: string) => {
    const p = path.join(bricks[i], rel);
    for (const k of listXattrs(p)) if (k.startsWith(prefix)) out.push(`${i}:/${rel} ${k}`);
    if (!fs.lstatSync(p).isDirectory()) return;
    for (const d of fs.readdirSync(p, { withFileTypes: true })) {
      if (rel === '' && d.name === '.glusterfs') continue;
      if (d.isDirectory() || d.isFile()) walk(i, path.join(rel, d.name));
    }
  };
  bricks.forEach((_, i) => walk(i, ''));
  return out.sort();
}

beforeAll(async () => {
  e = makeEnv('xname');
  xb = volume('xn', 3, NAME);
  db = volume('dv', 3);
  xv = await openVolume('xn', { home: e.home });
  dv = await openVolume('dv', { home: e.home });
  for (const v of [xv, dv]) {
    await v.mkdir('/d');
    for (const f of FILES) await v.writeFile(`/d/${f}`, `${f}\n`);
  }
});
afterAll(() => e?.cleanup());

describe('cluster.dht-xattr-name', () => {
  it('volgen puts it in the DHT node, as glusterd does', () => {
    expect(ok('system::', 'getspec', 'xn')).toMatch(/type cluster\/distribute\n(?: {4}option .*\n)*? {4}option xattr-name trusted\.foo\.bar\n/);
    expect(ok('system::', 'getspec', 'dv')).not.toContain('xattr-name');
  });

  it('root and new directories carry their layout under the name, the MDS marker under <name>.mds', () => {
    for (const rel of ['', 'd']) {
      const x = layoutOf(xb, 'xn', rel, NAME);
      expect(x.entries.map((en) => en.range)).toEqual(layoutOf(db, 'dv', rel, DEFAULT).entries.map((en) => en.range));
      expect(x.entries.every((en) => en.range.stop > en.range.start)).toBe(true);
    }
    const mds = xb.map((b) => getXattrOpt(path.join(b, 'd'), `${NAME}.mds`)?.toString('hex'));
    expect(mds.filter(Boolean)).toEqual(['00000000']);
    expect(mds.map(Boolean)).toEqual(db.map((b) => getXattrOpt(path.join(b, 'd'), `${DEFAULT}.mds`) !== undefined));
  });

  it('files go where they go without the option: the brick their name hashes to in that layout', () => {
    const layout = layoutOf(xb, 'xn', 'd', NAME);
    for (const f of FILES) {
      const k = kinds(xb, `d/${f}`);
      expect(k, f).toEqual(kinds(db, `d/${f}`));
      expect(`xn-client-${k.indexOf('data')}`, f).toBe(hashedSubvol(layout, f));
    }
  });

  it('a rename away leaves a linkto file with <name>.linkto, and the name reads through it', async () => {
    const from = FILES[0];
    const home = kinds(xb, `d/${from}`).indexOf('data');
    let to = '';
    for (let k = 0; !to; k++) {
      const said = (await xv.getxattr('/d', `dht.file.hashed-subvol.moved-${k}`)).toString();
      if (said !== `xn-client-${home}\0`) to = `moved-${k}`;
    }
    for (const v of [xv, dv]) await v.rename(`/d/${from}`, `/d/${to}`);
    const k = kinds(xb, `d/${to}`);
    expect(k).toEqual(kinds(db, `d/${to}`));
    const at = k.indexOf('linkto');
    expect(k[home]).toBe('data');
    expect(getXattrOpt(path.join(xb[at], 'd', to), `${NAME}.linkto`)?.toString()).toBe(`xn-client-${home}\0`);
    expect(getXattrOpt(path.join(xb[at], 'd', to), `${DEFAULT}.linkto`)).toBeUndefined();
    expect((await xv.readFile(`/d/${to}`)).toString()).toBe(`${from}\n`);
    expect((await xv.readdir('/d')).sort()).toEqual([...FILES.slice(1), to].sort());
    // pathinfo follows the name: the data brick for the file, the ranges under the name for the directory
    expect((await xv.getxattr(`/d/${to}`, 'trusted.glusterfs.pathinfo')).toString()).toContain(`${xb[home]}/d/${to}>`);
    const ranges = [...(await xv.getxattr('/d', 'trusted.glusterfs.pathinfo')).toString().matchAll(/\((xn-client-\d) (\d+) (\d+)\)/g)];
    const layout = layoutOf(xb, 'xn', 'd', NAME);
    expect(ranges.map(([, n, a, b]) => [n, Number(a), Number(b)]).sort()).toEqual(layout.entries.map((en) => [en.name, en.range.start, en.range.stop]).sort());
  });

  it('no trusted.glusterfs.dht* key appears on the bricks', () => {
    expect(keysOnBricks(xb, DEFAULT)).toEqual([]);
    expect(keysOnBricks(xb, NAME).length).toBeGreaterThan(0);
  });

  it('a rebalance after add-brick commits the hash under <name>.commithash and moves files as without the option', async () => {
    // trusted.glusterfs.dht* are ordinary keys under another name: a migration carries them along
    for (const f of FILES.slice(1)) await xv.setxattr(`/d/${f}`, `${DEFAULT}.linkto`, Buffer.from('mine'));
    for (const [vol, bricks] of [['xn', xb], ['dv', db]] as const) {
      const b = path.join(e.dir, `${vol}-b3`);
      ok('volume', 'add-brick', vol, `server1:${b}`, 'force');
      bricks.push(b);
    }
    const runs = ['xn', 'dv'].map((vol) => JSON.parse(ok('--json', 'volume', 'rebalance', vol, 'start', '--wait')).nodes[0]);
    expect(runs[0]).toMatchObject({ status: 'completed', failures: 0, rebalancedFiles: runs[1].rebalancedFiles });
    expect(runs[0].rebalancedFiles).toBeGreaterThan(0);

    const commit = xb.map((b) => getXattrOpt(b, `${NAME}.commithash`)?.toString());
    expect(new Set(commit).size).toBe(1);
    expect(commit[0]).toMatch(/^\d+\0$/);
    expect(layoutOf(xb, 'xn', 'd', NAME).entries.every((en) => `${en.range.commitHash}\0` === commit[0])).toBe(true);
    expect(layoutOf(xb, 'xn', 'd', NAME).entries.map((en) => en.range)).toEqual(
      layoutOf(db, 'dv', 'd', DEFAULT).entries.map((en) => ({ ...en.range, commitHash: expect.any(Number) })),
    );

    const names = (await xv.readdir('/d')).sort();
    expect(names).toEqual((await dv.readdir('/d')).sort());
    const layout = layoutOf(xb, 'xn', 'd', NAME);
    for (const n of names) {
      expect(kinds(xb, `d/${n}`), n).toEqual(kinds(db, `d/${n}`));
      expect(`xn-client-${kinds(xb, `d/${n}`).indexOf('data')}`, n).toBe(hashedSubvol(layout, n));
      expect((await xv.readFile(`/d/${n}`)).toString(), n).toBe((await dv.readFile(`/d/${n}`)).toString());
    }
    // the only trusted.glusterfs.dht* keys are the users', once per file, on its data copy
    const mine = keysOnBricks(xb, DEFAULT);
    expect(mine).toHaveLength(FILES.length - 1);
    for (const k of mine) {
      const [, i, rel] = /^(\d+):\/(\S+) /.exec(k)!;
      expect(kinds([xb[Number(i)]], rel)).toEqual(['data']);
      expect(getXattrOpt(path.join(xb[Number(i)], rel), `${DEFAULT}.linkto`)?.toString()).toBe('mine');
    }
  });

  it('remove-brick moves every file off the brick under the name, as without the option', async () => {
    const runs = [['xn', xb], ['dv', db]].map(([vol, bricks]) => {
      const r = JSON.parse(ok('--json', 'volume', 'remove-brick', vol as string, `server1:${bricks[0]}`, 'start', '--wait')).nodes[0];
      ok('volume', 'remove-brick', vol as string, `server1:${bricks[0]}`, 'commit');
      return r;
    });
    expect(runs[0]).toMatchObject({ status: 'completed', failures: 0, skipped: 0, rebalancedFiles: runs[1].rebalancedFiles });
    expect(runs[0].rebalancedFiles).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(xb[0], 'd')).filter((n) => kinds([xb[0]], `d/${n}`)[0] === 'data')).toEqual([]);
    const left = xb.slice(1);
    const layout: DirLayout = { entries: left.map((b) => ({ name: `xn-client-${xb.indexOf(b)}`, range: decodeLayout(getXattrOpt(path.join(b, 'd'), NAME)!) })) };
    const names = (await xv.readdir('/d')).sort();
    expect(names).toHaveLength(FILES.length);
    for (const n of names) {
      expect(`xn-client-${xb.indexOf(left[kinds(left, `d/${n}`).indexOf('data')])}`, n).toBe(hashedSubvol(layout, n));
      expect((await xv.readFile(`/d/${n}`)).toString(), n).toBe((await dv.readFile(`/d/${n}`)).toString());
    }
    expect(keysOnBricks(left, DEFAULT)).toHaveLength(FILES.length - 1);
    xb.splice(0, 1);
    db.splice(0, 1);
  });

  it('through a client the keys under the name are the volume\'s own; trusted.glusterfs.dht* are ordinary', async () => {
    const f = `/d/${FILES[1]}`;
    expect(await code(xv.getxattr('/d', NAME))).toBe('ENODATA');
    expect((await xv.listxattr('/d')).filter((k) => k.startsWith(NAME))).toEqual([]);
    // a set of one of them is swallowed (nothing reaches a brick), as without the option for the default name
    await xv.setxattr(f, `${NAME}.linkto`, Buffer.from('x'));
    expect(xb.filter((b) => fs.existsSync(path.join(b, f)) && getXattrOpt(path.join(b, f), `${NAME}.linkto`) !== undefined)).toEqual([]);
    expect((await xv.getxattr(f, `${DEFAULT}.linkto`)).toString()).toBe('mine');
    expect(await xv.listxattr(f)).toContain(`${DEFAULT}.linkto`);
    await xv.removexattr(f, `${DEFAULT}.linkto`);
    expect(await code(xv.getxattr(f, `${DEFAULT}.linkto`))).toBe('ENODATA');
    // without the option the default name is the volume's own
    expect(await code(dv.getxattr('/d', DEFAULT))).toBe('ENODATA');
    expect(await code(dv.getxattr('/d', NAME))).toBe('ENODATA');
  });
});
