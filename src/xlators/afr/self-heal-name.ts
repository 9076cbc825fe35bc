// Name heal (AFR's afr-self-heal-name), what a client's named lookup does about a name whose copies
// disagree, every brick answering: a copy with no gfid gets the others' (or, when no copy has
// one, one for all); copies that differ in gfid, or a name some copies lack when quorum is off,
// when too few copies for quorum hold it, or when a good copy of the parent lacks it, are made
// level by the parent's entry-heal rules for that one name; a gfid split-brain of a file is settled by the favorite-child policy, if one is set.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { FopError } from '../../libglusterfs/errors.js';
import { NULL_GFID, type Loc, type LookupReply, type Xdata, type Xlator } from '../types.js';
import { attempt, isDown, type Outcome } from './fanout.js';
import { interpret, lookupAll, type InodeState } from './inode-state.js';
import { hasQuorum } from './quorum.js';
import type { HealContext } from './self-heal-common.js';
import { healName, resolveNameSplitBrain } from './self-heal-entry.js';
import { gfidPolicyPick } from './self-heal-policy.js';

const baseName = (loc: Loc) => loc.name ?? path.posix.basename(loc.path);

/**
 * Copies of a name that have no gfid (written behind GlusterFS's back) get one on a named
 * lookup, as 10.3's lookup gives it: the gfid the other copies have (same type only), or, when
 * no copy has one, the client's gfid-req on every copy at once, which needs every brick up.
 * Otherwise such a name is not served (EIO). Returns the lookups as they stand after.
 */
export function gfidHeal(children: readonly Xlator[], loc: Loc, outcomes: Outcome<LookupReply>[], xdata?: Xdata): Outcome<LookupReply>[] {
  const held = outcomes.flatMap((o, i) => (o.ok ? [{ i, iatt: o.value.iatt }] : []));
  const bare = held.filter((h) => h.iatt.gfid === NULL_GFID);
  if (!bare.length || !loc.path) return outcomes;
  if (new Set(held.map((h) => h.iatt.type)).size > 1) throw new FopError('EIO', `${loc.path}: type mismatch between copies`);
  const gfids = new Set(held.map((h) => h.iatt.gfid).filter((g) => g !== NULL_GFID));
  let gfid: string | undefined;
  if (gfids.size === 1) gfid = [...gfids][0];
  // A FUSE lookup carries a gfid-req; a client of the api may not: AFR then picks one.
  else if (gfids.size === 0 && outcomes.every((o) => !isDown(o))) gfid = typeof xdata?.gfidReq === 'string' ? xdata.gfidReq : randomUUID();
  if (!gfid) throw new FopError('EIO', `${loc.path}: no gfid to give its copies`);
  const want = gfid;
  return outcomes.map((o, i) => (bare.some((b) => b.i === i) ? attempt(() => children[i].lookup(loc, { gfidReq: want })) : o));
}

/** Name heal on lookup (10.3's afr_lookup_entry_heal); true when a brick changed. */
export function nameHealOnLookup(ctx: HealContext, loc: Loc, parent: Loc, outcomes: Outcome<LookupReply>[]): boolean {
  if (outcomes.some(isDown)) return false;
  const held = outcomes.flatMap((o) => (o.ok ? [o.value.iatt] : []));
  if (!held.length || (held.length === outcomes.length && new Set(held.map((a) => a.gfid)).size < 2)) return false;
  if (new Set(held.map((a) => a.type)).size > 1) return false;
  const missing = outcomes.map((o) => !o.ok && o.error.code === 'ENOENT');
  if (held.length + missing.filter(Boolean).length !== outcomes.length) return false;
  const gfidMismatch = new Set(held.map((a) => a.gfid)).size > 1;
  if (!gfidMismatch && ctx.quorum.type !== 'none' && hasQuorum(ctx.quorum, outcomes.map((o) => o.ok))) {
    // Copies enough for quorum hold the name: it is healed only when a good copy of the parent
    // (any copy, when none is good) lacks it.
    const dir = interpret(ctx, lookupAll(ctx, parent));
    const good = dir.dataReadable.some(Boolean) ? dir.dataReadable : dir.dataReadable.map(() => true);
    if (!good.some((r, i) => r && missing[i])) return false;
  }
  return healName(ctx, parent, baseName(loc));
}

/**
 * A file whose copies differ in gfid (same type, every brick up) settled by the favorite-child
 * policy, as 10.3's lookup does it: true when the losing copies were made again as the winner.
 */
export function gfidSplitBrainByPolicy(ctx: HealContext, loc: Loc, parent: Loc, state: InodeState): boolean {
  const held = state.outcomes.flatMap((o, i) => (o.ok && state.present[i] ? [{ i, iatt: o.value.iatt }] : []));
  if (new Set(held.map((h) => h.iatt.gfid)).size < 2 || new Set(held.map((h) => h.iatt.type)).size > 1 || held[0].iatt.type === 'dir') return false;
  if (!state.up.every(Boolean)) return false;
  const pick = (h: typeof held) => gfidPolicyPick(ctx.favoriteChild, h, ctx.children.length) ?? 'no favorite child';
  return resolveNameSplitBrain(ctx, parent, baseName(loc), pick).kind === 'resolved';
}
