// Port of GlusterFS 10.3 tests/bugs/distribute/bug-1066798.t: a file with many hard links on a
// two-brick distribute volume (forty here, not the .t's fifty: each name is a gfid2path xattr on
// the inode, and on ext4 fifty of them do not fit in its one xattr block, so the 45th link fails
// with ENOSPC, as 10.3's posix fails it there; the .t's bricks are on XFS); removing the brick that holds it moves every link to the other
// brick as a hard link of one file with the file's permissions (no linkto left in its place),
// each name still reachable through the volume, with no failed or skipped file in the status.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openVolume } from '../../src/api/index.js';
import { createVolume, makeEnv } from './fs-helpers.js';

const e = makeEnv('rb-hardlinks');
const LINKS = 40;
afterAll(() => e.cleanup());
const ok = (args: string[]) => {
  const r = e.run(args);
  expect(r.code, `${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
};

describe('tests/bugs/distribute/bug-1066798.t', () => {
  it('remove-brick of the brick holding a hard-linked file moves all its links to the other brick', async () => {
    const bricks = createVolume(e, 'patchy', 2);
    ok(['fs', 'touch', 'patchy:/file1']);
    const [hashed, other] = fs.existsSync(path.join(bricks[0], 'file1')) ? bricks : [bricks[1], bricks[0]];
    const perm = (p: string) => (fs.lstatSync(p).mode & 0o7777).toString(8);
    const filePerm = perm(path.join(hashed, 'file1'));
    const mount = await openVolume('patchy', { home: e.home });
    for (let i = 1; i <= LINKS; i++) await mount.link('/file1', `/link${i}`);

    const status = JSON.parse(ok(['--json', '--mode=script', 'volume', 'remove-brick', 'patchy', `server1:${hashed}`, 'start', '--wait']));
    expect(status.nodes[0].status).toBe('completed');

    for (let i = 1; i <= LINKS; i++) {
      const p = path.join(other, `link${i}`);
      expect(fs.lstatSync(p).isFile(), `link${i} on the other brick`).toBe(true);
      // a regular file with the file's permissions: no linkto
      expect(perm(p), `link${i}`).toBe(filePerm);
      expect(fs.statSync(p).ino).toBe(fs.statSync(path.join(other, 'file1')).ino);
      expect((await mount.lstat(`/link${i}`)).nlink).toBe(LINKS + 1);
    }
    // no failures and no skipped files (the text table folds skipped into failures)
    const row = ok(['volume', 'remove-brick', 'patchy', `server1:${hashed}`, 'status']).split('\n').find((l) => / completed /.test(l))!;
    const words = row.trim().split(/\s+/);
    expect([words[4], words[5]]).toEqual(['0', '0']);
  });
});
