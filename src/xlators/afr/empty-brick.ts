// A brick that joins a replica set empty (add-brick raising the replica count, replace-brick,
// reset-brick): glusterd sets the virtual xattr trusted.add-brick / trusted.replace-brick =
// "<VOL>-client-N" on the root through a temporary mount, and the AFR whose child that is makes
// the set's other members accuse it (GlusterFS's afr_handle_empty_brick): under the inode lock a
// metadata count, under the entry lock an entry count plus, with granular entry heal, the data
// count that asks for a full crawl of the directory. The xattrops go through posix's index, so
// the self-heal daemon finds the root and, healing it, recreates everything on the new brick.
import { FopError } from '../../libglusterfs/errors.js';
import type { Loc } from '../types.js';
import { encodeChangelog, type Counters } from './changelog.js';
import { attempt } from './fanout.js';
import type { TxnContext } from './transaction.js';

export const ADD_BRICK_KEY = 'trusted.add-brick';
export const REPLACE_BRICK_KEY = 'trusted.replace-brick';

export const isEmptyBrickKey = (k: string) => k === ADD_BRICK_KEY || k === REPLACE_BRICK_KEY;

/** Marks child `clientName` of this set empty on `loc` (the root); nothing when it is not ours. */
export function handleEmptyBrick(ctx: TxnContext, loc: Loc, clientName: string): void {
  const target = ctx.children.findIndex((c) => c.name === clientName);
  if (target < 0) return;
  const key = ctx.pendingKeys[target];
  const others = ctx.children.filter((_, i) => i !== target);
  const mark = (lock: (c: (typeof others)[number], cmd: 'lock' | 'unlock') => void, delta: Counters) => {
    const locked = others.filter((c) => attempt(() => lock(c, 'lock')).ok);
    try {
      if (!locked.length) throw new FopError('ENOTCONN', `${loc.path}: no brick of the set could be locked`);
      for (const c of locked) c.xattrop(loc, { [key]: encodeChangelog(delta) });
    } finally {
      for (const c of [...locked].reverse()) attempt(() => lock(c, 'unlock'));
    }
  };
  mark((c, cmd) => c.inodelk(loc, ctx.name, cmd), [0, 1, 0]);
  mark((c, cmd) => c.entrylk(loc, ctx.name, undefined, cmd), [ctx.granularEntryHeal ? 1 : 0, 0, 1]);
}
