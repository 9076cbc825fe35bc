// cluster/replicate: keeps N copies of every inode on the children (`VOL-client-N`) of one
// replica set, records what each copy missed in the changelog xattrs, refuses I/O without client
// quorum, and reads only from copies nobody blames.
//
// Options (its volfile options, by cluster/replicate's own names; absent = 10.3's default):
//   quorum-type, quorum-count, optimistic-change-log, granular-entry-heal (volume create sets
//   it on; a volume made replicate by add-brick has it off), volume-id (hides `.glusterfs-anonymous-inode-<volume-id>` at the volume root),
//   arbiter-count (1: the last child is the arbiter brick), afr-pending-xattr (the changelog key
//   of each child, `trusted.afr.<name>`; default the children's names).
import * as path from 'node:path';
import { FopError } from '../../libglusterfs/errors.js';
import { GFID_TO_PATH_KEY } from '../../libglusterfs/index-gfids.js';
import { optionFlag } from '../../libglusterfs/cparse.js';
import { ROOT_GFID } from '../types.js';
import type { DirEntry, Flock, Iatt, Loc, LookupReply, ReaddirOpts, SetattrArgs, Statfs, XattrFlags, Xdata, Xlator } from '../types.js';
import { ANON_INODE_PREFIX } from './anonymous-inode.js';
import { DIRTY_KEY, encodeChangelog, isAfrKey, pendingKey, TXN_TYPES, typeMatrix, type TxnType, type TypeMatrix } from './changelog.js';
import { attempt, fanout, isDown, pickError, type Outcome } from './fanout.js';
import { checkConsistent, interpret, lookupAll, type InodeState } from './inode-state.js';
import { hasQuorum, quorumCount, resolveQuorum, type Quorum } from './quorum.js';
import { findDirection, type Direction } from './sources.js';
import { runTransaction, type TxnContext, type TxnResult, type TxnSpec } from './transaction.js';
import { withoutHint } from '../hint.js';
import type { FavoriteChildPolicy, HealContext } from './self-heal-common.js';
import { anyAccessHeal, applyFavoriteChild, healMetadataFromFirst, healOnAccess, metadataDiffersUnmarked, type AccessHeal } from './self-heal-access.js';
import { SplitBrainChoices } from './split-brain-choice.js';
import { haloChildren, haloOf } from './halo.js';
import { handleEmptyBrick, isEmptyBrickKey } from './empty-brick.js';
import { resolveSplitBrain } from './split-brain-resolution.js';
import { gfidHeal, gfidSplitBrainByPolicy, nameHealOnLookup } from './self-heal-name.js';

const POLICIES: readonly FavoriteChildPolicy[] = ['none', 'size', 'mtime', 'ctime', 'majority'];

export interface AfrOptions {
  options?: Record<string, string>;
  /** File keeping the mount's split-brain choices (split-brain-choice.ts); none: in memory. */
  splitBrainChoices?: string;
  /**
   * glusterd's temporary mount of add-brick raising the replica count: a lookup of the root
   * needs only one copy up (10.3's afr_lookup_has_quorum), since the new bricks of each set are
   * down until they are marked, and a set of one old brick and two new ones has no quorum.
   */
  addReplicaMount?: boolean;
  /**
   * A self-heal daemon's (or glfsheal's) graph: every copy is used, whatever halo says
   * (10.3's shd ignores halo-max-replicas).
   */
  selfHealDaemon?: boolean;
}

/** The mount's split-brain commands (virtual xattrs AFR answers itself). */
export const SPLIT_BRAIN_CHOICE = 'replica.split-brain-choice';
export const SPLIT_BRAIN_CHOICE_TIMEOUT = 'replica.split-brain-choice-timeout';
export const SPLIT_BRAIN_HEAL_FINALIZE = 'replica.split-brain-heal-finalize';

/** What `inspect` reports about one inode: raw per-child state plus the §6.3 decision per type. */
export interface AfrInspection {
  state: InodeState;
  matrices: Record<TxnType, TypeMatrix>;
  directions: Record<TxnType, Direction>;
}

/** Virtual xattr answered by AFR itself (getfattr -n replica.split-brain-status on a mount). */
export const SPLIT_BRAIN_STATUS = 'replica.split-brain-status';


/** GlusterFS's REPLICATE_TRASH_DIR: private in the root for backward compatibility. */
const LANDFILL = '.landfill';

/** Names of the root a client of AFR never sees (afr_is_private_directory). */
function isPrivateRootName(name: string, anon: boolean): boolean {
  return name === LANDFILL || (anon && name.startsWith(ANON_INODE_PREFIX));
}

export class Afr implements Xlator {
  readonly pendingKeys: readonly string[];
  readonly arbiter: number;
  readonly quorum: Quorum;
  private readonly txn: TxnContext;
  private readonly anonName?: string;
  private readonly favoriteChild: FavoriteChildPolicy;
  private readonly addReplicaMount: boolean;
  /** The self-heal daemon's graph (AfrOptions.selfHealDaemon). */
  private readonly selfHealDaemon: boolean;
  /** cluster.ensure-durability (see HealContext). */
  private readonly ensureDurability: boolean;
  /** cluster.data/metadata/entry-self-heal: what a client heals when it touches an inode. */
  private readonly accessHeal: AccessHeal;
  private readonly choices: SplitBrainChoices;
  /**
   * The state behind each lookup reply (and each clean create's iatt) handed up, so that a fop
   * the caller makes next on the same inode (xdata.lookupHint) skips the refresh, as AFR reuses
   * its inode ctx. Weak: a reply nobody holds is forgotten; each is used once.
   */
  private readonly replied = new WeakMap<object, InodeState>();

  readonly children: readonly Xlator[];

  constructor(
    readonly name: string,
    all: readonly Xlator[],
    options: AfrOptions = {},
  ) {
    if (all.length === 0) throw new FopError('EINVAL', `${name}: no children`);
    const opt = (key: string): string | undefined => {
      const v = options.options?.[key];
      return v === undefined || v === '' ? undefined : v;
    };
    const children = options.selfHealDaemon ? all : haloChildren(all, haloOf(opt));
    this.children = children;
    const flag = (key: string, dflt: boolean) => optionFlag(opt(key), dflt);
    const pending = opt('afr-pending-xattr')?.split(',');
    this.pendingKeys = (pending?.length === children.length ? pending : children.map((c) => c.name)).map(pendingKey);
    this.arbiter = opt('arbiter-count') === '1' ? children.length - 1 : -1;
    this.quorum = resolveQuorum(children.length, opt('quorum-type'), opt('quorum-count'));
    const volumeId = opt('volume-id');
    // cluster.use-anonymous-inode off: entry heal removes what it would park there
    this.anonName = volumeId && flag('use-anonymous-inode', true) ? ANON_INODE_PREFIX + volumeId.toLowerCase() : undefined;
    const policy = opt('favorite-child-policy') as FavoriteChildPolicy | undefined;
    this.favoriteChild = policy && POLICIES.includes(policy) ? policy : 'none';
    // data-self-heal also takes "open" (documented, yet not a boolean 10.3 accepts: off).
    this.accessHeal = { data: flag('data-self-heal', false), metadata: flag('metadata-self-heal', false), entry: flag('entry-self-heal', false) };
    this.choices = new SplitBrainChoices(options.splitBrainChoices);
    this.addReplicaMount = options.addReplicaMount === true;
    this.selfHealDaemon = options.selfHealDaemon === true;
    this.ensureDurability = flag('ensure-durability', true);
    this.txn = {
      name,
      children,
      pendingKeys: this.pendingKeys,
      arbiter: this.arbiter,
      quorum: this.quorum,
      optimisticChangeLog: flag('optimistic-change-log', true),
      granularEntryHeal: flag('granular-entry-heal', false),
    };
  }

  // ---- inode state ------------------------------------------------------------------------

  /** Lookup on every child, quorum, gfid/type agreement; names the parent says are stale are dropped. */
  private refresh(loc: Loc, xdata?: Xdata, healed = false): InodeState {
    this.guardName(loc);
    // The client's gfid-req is AFR's to give (gfidHeal): no copy may adopt it on its own.
    let outcomes = lookupAll(this.txn, loc, xdata?.gfidReq === undefined ? xdata : { ...xdata, gfidReq: undefined });
    const waived = this.addReplicaMount && (loc.path === '/' || loc.gfid === ROOT_GFID) && outcomes.some((o) => !isDown(o));
    if (!waived) this.requireQuorum(outcomes.map((o) => !isDown(o)));
    outcomes = gfidHeal(this.children, loc, outcomes, xdata);
    if (!healed && loc.path && loc.path !== '/' && nameHealOnLookup(this.healContext(), loc, parentLoc(loc), outcomes)) return this.refresh(loc, xdata, true);
    let state = interpret(this.txn, outcomes);
    if (!state.present.some(Boolean)) throw pickError(outcomes);
    // 10.3's lookup needs quorum among the copies that answered with the inode (its success
    // replies): with a brick down, a name that only a minority of the set holds is ENOTCONN,
    // whichever copies hold it (a stale copy's name the good one lacks too: afr_lookup_done).
    const quorate = waived || hasQuorum(this.quorum, outcomes.map((o) => o.ok));
    if (!quorate && outcomes.some(isDown)) throw new FopError('ENOTCONN', `${loc.path}: held by too few copies for client quorum`);
    if (loc.path !== '/' && this.copiesDisagree(state)) {
      // A copy that exists (or has another gfid) only on bricks its parent directory blames for
      // entry changes is stale: the entry op it missed decides.
      const parent = interpret(this.txn, lookupAll(this.txn, parentLoc(loc)));
      const trusted = parent.dataReadable; // directories: "data" readability is entry readability
      if (trusted.some((t, i) => t && (outcomes[i].ok || outcomes[i].error.code === 'ENOENT'))) {
        state = interpret(this.txn, outcomes, trusted);
        if (!state.present.some(Boolean)) throw new FopError('ENOENT', loc.path);
      }
    }
    // With every brick answering, the others' ENOENT stands (a create still in flight on the
    // other bricks, which 10.3 tells by the parent's entry lock).
    if (!quorate) throw new FopError('ENOENT', `${loc.path}: held by too few copies for client quorum`);
    if (this.favoriteChild !== 'none' && loc.path !== '/' && gfidSplitBrainByPolicy(this.healContext(), loc, parentLoc(loc), state)) return this.refresh(loc, xdata);
    checkConsistent(state, loc.path);
    if (this.arbiterIsOnlyGoodCopy(state)) throw new FopError('ENOTCONN', `${loc.path}: only the arbiter is a good copy`);
    return state;
  }

  /** A file whose only unblamed copy is the arbiter's (which has no data): ENOTCONN (§6.6). */
  private arbiterIsOnlyGoodCopy(state: InodeState): boolean {
    const a = this.arbiter;
    return (
      a >= 0 && state.iatt?.type === 'file' && state.present[a] && !state.dataAccused[a] && !state.dataReadable.some(Boolean)
    );
  }

  /**
   * Which type is in split-brain: no copy is good for it. Directories are never refused for
   * entry split-brain (their listing stays readable, GlusterFS merges it at heal).
   */
  private splitBrain(state: InodeState): { data: boolean; metadata: boolean } {
    return {
      data: state.iatt?.type !== 'dir' && !state.dataReadable.some(Boolean),
      metadata: !state.metadataReadable.some(Boolean),
    };
  }

  /** Reads and writes of an inode in data or metadata split-brain fail with EIO. */
  private requireNoSplitBrain(state: InodeState, loc: Loc): void {
    const sb = this.splitBrain(state);
    if (sb.data || sb.metadata) throw new FopError('EIO', `${loc.path}: split-brain`);
  }

  private copiesDisagree(state: InodeState): boolean {
    const answered = state.outcomes.filter((o) => !isDown(o));
    const gfids = new Set(answered.map((o) => (o.ok ? o.value.iatt.gfid : 'missing')));
    return gfids.size > 1;
  }

  private requireQuorum(up: boolean[]): void {
    if (!up.some(Boolean) || !hasQuorum(this.quorum, up)) {
      throw new FopError('ENOTCONN', `${this.name}: client quorum not met`);
    }
  }

  /** `.glusterfs-anonymous-inode-*` at the root is AFR's own: clients get EPERM. */
  private guardName(loc: Loc): void {
    const parent = path.posix.dirname(loc.path);
    const base = loc.name ?? path.posix.basename(loc.path);
    if (parent === '/' && isPrivateRootName(base, this.anonName !== undefined)) throw new FopError('EPERM', loc.path);
  }

  /** What the self-heal modules work with: the transaction context plus heal's own settings. */
  healContext(): HealContext {
    return {
      ...this.txn,
      qc: quorumCount(this.quorum, this.children.length),
      anonName: this.anonName,
      favoriteChild: this.favoriteChild,
      ensureDurability: this.ensureDurability,
    };
  }

  /** The raw changelog of an inode across the set, and the §6.3 decision per type (for heal). */
  inspect(loc: Loc): AfrInspection {
    const outcomes = lookupAll(this.txn, loc);
    const state = interpret(this.txn, outcomes);
    const qc = quorumCount(this.quorum, this.children.length);
    const matrices = {} as Record<TxnType, TypeMatrix>;
    const directions = {} as Record<TxnType, Direction>;
    for (const t of TXN_TYPES) {
      matrices[t] = typeMatrix(state.logs, t);
      directions[t] = findDirection(matrices[t], t, qc);
    }
    return { state, matrices, directions };
  }

  // ---- reads ------------------------------------------------------------------------------

  /** xdata goes down: posix uses gfidReq to give a gfid-less file its gfid on a named lookup. */
  lookup(loc: Loc, xdata?: Xdata): LookupReply {
    let state = this.lookupHeal(loc, this.refresh(loc, xdata));
    // a split-brain the favorite-child policy settles (healing on access) is looked up fine;
    // without a policy 10.3 heals nothing first (split-brain-favorite-child-policy-client-side-healing.t)
    if (!this.lookupReadable(state) && this.favoriteChild !== 'none') state = this.touched(loc, state);
    if (!this.lookupReadable(state)) throw new FopError('ENOTCONN', `${loc.path}: no copy is good for both data and metadata`);
    const reply = state.outcomes[state.readChild] as { ok: true; value: LookupReply };
    const out = { iatt: state.iatt!, xattrs: withoutAfrKeys(reply.value.xattrs) };
    this.replied.set(out, state);
    return out;
  }

  /**
   * 10.3's afr_lookup_done: with client quorum on, a lookup of a file no copy can serve both data
   * and metadata from (split-brain, or every good copy down) fails with ENOTCONN ("all good copies
   * are down"), unless a split-brain choice names the copy and every copy answered; without
   * quorum it is served from the first copy and reads fail (EIO). A directory counts its entry
   * changelog as its data. The self-heal daemon's graph looks everything up.
   */
  private lookupReadable(state: InodeState): boolean {
    if (this.quorum.type === 'none' || this.selfHealDaemon || !state.iatt) return true;
    if (state.dataReadable.some((d, i) => d && state.metadataReadable[i] && state.outcomes[i]?.ok)) return true;
    return this.chosenCopy(state) !== undefined && state.outcomes.every((o) => o.ok);
  }

  /** The state of a lookup this AFR answered for the same inode in this fop, else a fresh refresh. */
  private stateFor(loc: Loc, xdata?: Xdata): InodeState {
    const hint = xdata?.lookupHint;
    const known = hint && this.replied.get(hint);
    if (!known) return this.refresh(loc);
    this.replied.delete(hint);
    return known.iatt && (loc.gfid === undefined || known.iatt.gfid === loc.gfid) ? known : this.refresh(loc);
  }

  /** A stat is a read: it refreshes the inode and heals it on access when that is on. */
  stat(loc: Loc): Iatt {
    return this.touched(loc, this.lookupHeal(loc, this.refresh(loc))).iatt!;
  }

  /**
   * The heal a lookup itself makes (10.3's afr_lookup_metadata_heal_check): with
   * cluster.metadata-self-heal on and every brick up, copies whose owners, mode or xattrs differ
   * with no changelog saying so get the first brick's metadata.
   */
  private lookupHeal(loc: Loc, state: InodeState): InodeState {
    if (!this.accessHeal.metadata || !state.iatt || !state.up.every(Boolean) || !metadataDiffersUnmarked(state)) return state;
    healMetadataFromFirst(this.healContext(), state.iatt.gfid);
    return this.refresh(loc);
  }

  statfs(loc: Loc): Statfs {
    const outcomes = fanout(this.children, (c) => c.statfs(loc));
    this.requireQuorum(outcomes.map((o) => !isDown(o)));
    // The smallest free space of the data bricks: an arbiter brick holds no data, so its own
    // (often smaller) file system says nothing about what fits (10.3's afr_statfs_cbk skips it).
    let best: Statfs | undefined;
    outcomes.forEach((o, i) => {
      if (o.ok && i !== this.arbiter && (!best || o.value.bavail < best.bavail)) best = o.value;
    });
    if (!best) throw pickError(outcomes);
    return best;
  }

  readv(loc: Loc, offset: number, size: number): Buffer {
    return this.readFrom(loc, 'data', (c) => c.readv(loc, offset, size));
  }

  /** From a copy good for data, as a read (10.3's afr_seek is a read transaction). */
  seek(loc: Loc, offset: number, what: 'data' | 'hole'): number {
    return this.readFrom(loc, 'data', (c) => c.seek(loc, offset, what));
  }

  readlink(loc: Loc): string {
    return this.readFrom(loc, 'metadata', (c) => c.readlink(loc));
  }

  readdir(loc: Loc, opts?: ReaddirOpts): DirEntry[] {
    let pending = false;
    const listed = this.readFrom(loc, 'data', (c) => c.readdir(loc, opts), (s) => (pending = [...s.dataAccused, ...s.metadataAccused].some(Boolean)));
    const entries = loc.path === '/' ? listed.filter((e) => !isPrivateRootName(e.name, this.anonName !== undefined)) : listed;
    // 10.3's readdirp hands out no inode while the set needs heal (afr_readdir_transform_entries):
    // the client looks each name up first, with the lookup's quorum and heal.
    return pending ? entries.map((e) => ({ ...e, noInode: true })) : entries;
  }

  getxattr(loc: Loc, name?: string): Record<string, Buffer> {
    if (name === SPLIT_BRAIN_STATUS) return { [name]: this.splitBrainStatus(loc) };
    // Where an inode lives is the same on every copy, split-brain or not: the first copy that
    // answers says it (gfid-access finds a file in split-brain by its gfid, as on 10.3).
    if (name === GFID_TO_PATH_KEY) {
      const tried: Outcome<Record<string, Buffer>>[] = [];
      for (const c of this.children) {
        const o = attempt(() => c.getxattr(loc, name));
        if (o.ok) return o.value;
        tried.push(o);
      }
      throw pickError(tried);
    }
    if (name !== undefined && isAfrKey(name)) throw new FopError('ENODATA', name);
    return withoutAfrKeys(this.readFrom(loc, 'metadata', (c) => c.getxattr(loc, name)));
  }

  /**
   * A read served by one good copy: good for data and metadata when there is one, else good for
   * the type the read needs; a failing child (died meanwhile) hands over to the next candidate.
   */
  private readFrom<T>(loc: Loc, type: 'data' | 'metadata', read: (c: Xlator) => T, seen?: (state: InodeState) => void): T {
    const state = this.touched(loc, this.refresh(loc));
    seen?.(state);
    const isDir = state.iatt?.type === 'dir';
    const chosen = isDir ? undefined : this.chosenCopy(state);
    if (chosen !== undefined) return read(this.children[chosen]);
    if (!isDir) this.requireNoSplitBrain(state, loc);
    const { dataReadable: data, metadataReadable: meta } = state;
    const anyCopy = state.present.map((p, i) => p && i !== this.arbiter);
    const candidates = [
      ...indexes(data.map((d, i) => d && meta[i])),
      ...indexes(type === 'data' ? data : meta),
      // A directory in entry split-brain is still listed (from the first copy).
      ...(isDir || type === 'metadata' ? indexes(anyCopy) : []),
    ].filter((v, k, all) => all.indexOf(v) === k);
    if (!candidates.length) throw new FopError('EIO', `${loc.path}: no good copy`);
    const failures: Outcome<T>[] = [];
    for (const i of candidates) {
      try {
        return read(this.children[i]);
      } catch (e) {
        if (!(e instanceof FopError) || e.code !== 'ENOTCONN') throw e;
        failures.push({ ok: false, error: e });
      }
    }
    throw pickError(failures);
  }

  /**
   * What a client does with an inode it is about to read or change (AFR's inode refresh): heal it
   * if client-side heal is on and a copy is blamed; settle a split-brain the favorite-child policy
   * decides. Returns the state to go on with (refreshed when anything changed).
   */
  private touched(loc: Loc, state: InodeState): InodeState {
    const gfid = state.iatt?.gfid;
    if (!gfid) return state;
    let changed = false;
    const blamed = state.present.some((p, i) => p && (state.dataAccused[i] || state.metadataAccused[i]));
    if (anyAccessHeal(this.accessHeal) && blamed && state.up.every(Boolean)) {
      changed = healOnAccess(this.healContext(), gfid, this.accessHeal);
    }
    const sb = this.splitBrain(changed ? this.refresh(loc) : state);
    if (this.favoriteChild !== 'none' && (sb.data || sb.metadata)) {
      const ctx = this.healContext();
      if (sb.data && applyFavoriteChild(ctx, gfid, 'data')) changed = true;
      if (sb.metadata && applyFavoriteChild(ctx, gfid, 'metadata')) changed = true;
    }
    return changed ? this.refresh(loc) : state;
  }

  /** The copy the mount's split-brain choice names for an inode in split-brain, if any holds. */
  private chosenCopy(state: InodeState): number | undefined {
    const sb = this.splitBrain(state);
    if (!(sb.data || sb.metadata) || !state.iatt) return undefined;
    const c = this.choices.get(state.iatt.gfid);
    return c !== undefined && state.present[c] ? c : undefined;
  }

  /** setfattr of replica.split-brain-choice / -choice-timeout / -heal-finalize on a mount. */
  private splitBrainCommand(loc: Loc, key: string, raw: Buffer): void {
    const value = raw.toString().replace(/\0+$/, '');
    if (key === SPLIT_BRAIN_CHOICE_TIMEOUT) {
      if (!/^\d+$/.test(value)) throw new FopError('EINVAL', `${key}=${value}`);
      this.choices.setTimeoutMinutes(Number(value));
      return;
    }
    const state = this.refresh(loc);
    const gfid = state.iatt!.gfid;
    const child = this.children.findIndex((c) => c.name === value);
    if (key === SPLIT_BRAIN_CHOICE && value === 'none') return this.choices.set(gfid, undefined);
    if (child < 0) throw new FopError('EINVAL', `${key}: no child ${value}`);
    if (key === SPLIT_BRAIN_HEAL_FINALIZE) {
      // 10.3 answers success yet heals nothing while the mount's own heal options are off; here
      // the named copy's data and metadata win, as the command promises.
      this.choices.set(gfid, undefined);
      const r = resolveSplitBrain(this.healContext(), gfid, 'source-brick', child);
      if (r.kind === 'error') throw new FopError(r.code, `${key}: ${loc.path}`);
      return;
    }
    // Whether it is in split-brain is judged with every copy's answer only (EAGAIN otherwise).
    if (!state.up.every(Boolean)) throw new FopError('EAGAIN', `${loc.path}: not every brick answered`);
    const sb = this.splitBrain(state);
    if (!sb.data && !sb.metadata) throw new FopError('EINVAL', `${loc.path}: not in data or metadata split-brain`);
    this.choices.set(gfid, child);
  }

  /** The virtual `replica.split-brain-status` xattr (a C string, NUL included, as 10.3 sends it). */
  private splitBrainStatus(loc: Loc): Buffer {
    const state = this.refresh(loc);
    // 10.3 judges only with every copy's answer.
    if (!state.up.every(Boolean)) throw new FopError('EAGAIN', `${loc.path}: not every brick answered`);
    const sb = this.splitBrain(state);
    const yn = (b: boolean) => (b ? 'yes' : 'no');
    const text =
      sb.data || sb.metadata
        ? `data-split-brain:${yn(sb.data)}    metadata-split-brain:${yn(sb.metadata)}    Choices:${this.children.map((c) => c.name).join(',')}`
        : 'The file is not under data or metadata split-brain';
    return Buffer.from(`${text}\0`);
  }

  // ---- data and metadata transactions -----------------------------------------------------

  /**
   * Refuses a data/metadata txn on an inode in split-brain of that type, like AFR's refresh.
   * The fop gets the loc with the inode's gfid, as the lock and changelog do: a brick then works
   * on that inode (its handle) even if another client renamed a name over it meanwhile.
   */
  private inodeTxn<T>(loc: Loc, type: 'data' | 'metadata', fop: (c: Xlator, l: Loc) => T, skipOnArbiter = false, xdata?: Xdata): T {
    const state = this.touched(loc, this.stateFor(loc, xdata));
    this.requireNoSplitBrain(state, loc);
    const target: Loc = { ...loc, gfid: loc.gfid ?? state.iatt!.gfid };
    const res = runTransaction(this.txn, { type, inode: target, fop: (c) => fop(c, target), skipOnArbiter });
    return firstResult(res.outcomes, this.arbiter);
  }

  writev(loc: Loc, offset: number, data: Buffer, xdata?: Xdata): Iatt {
    const down = withoutHint(xdata);
    return this.inodeTxn(loc, 'data', (c, l) => c.writev(l, offset, data, down), true, xdata);
  }

  truncate(loc: Loc, size: number, xdata?: Xdata): Iatt {
    return this.inodeTxn(loc, 'data', (c, l) => c.truncate(l, size, xdata), true);
  }

  fallocate(loc: Loc, mode: number, offset: number, length: number, xdata?: Xdata): Iatt {
    return this.inodeTxn(loc, 'data', (c, l) => c.fallocate(l, mode, offset, length, xdata), true);
  }

  /** A data transaction: on a degraded set it records (as 10.3 does) that a brick missed it. */
  fsync(loc: Loc, xdata?: Xdata): void {
    this.inodeTxn(loc, 'data', (c, l) => c.fsync(l, xdata), true);
  }

  setattr(loc: Loc, attrs: SetattrArgs, xdata?: Xdata): Iatt {
    return this.inodeTxn(loc, 'metadata', (c) => c.setattr(loc, attrs, xdata));
  }

  setxattr(loc: Loc, xattrs: Record<string, Buffer>, flags?: XattrFlags, xdata?: Xdata): void {
    const keys = Object.keys(xattrs);
    const command = keys.find((k) => k === SPLIT_BRAIN_CHOICE || k === SPLIT_BRAIN_CHOICE_TIMEOUT || k === SPLIT_BRAIN_HEAL_FINALIZE);
    if (command) return this.splitBrainCommand(loc, command, xattrs[command]);
    const empty = keys.find(isEmptyBrickKey);
    if (empty) return handleEmptyBrick(this.txn, loc, xattrs[empty].toString().replace(/\0+$/, ''));
    for (const k of keys) if (isAfrKey(k)) throw new FopError('EPERM', k);
    this.inodeTxn(loc, 'metadata', (c) => c.setxattr(loc, xattrs, flags, xdata));
  }

  removexattr(loc: Loc, name: string, xdata?: Xdata): void {
    if (isAfrKey(name)) throw new FopError('EPERM', name);
    this.inodeTxn(loc, 'metadata', (c) => c.removexattr(loc, name, xdata));
  }

  // ---- entry transactions -----------------------------------------------------------------

  private entryTxn<T>(locs: Loc[], fop: (c: Xlator) => T, newEntry?: TxnSpec<T>['newEntry']): T {
    return firstResult(this.entryRun(locs, fop, newEntry).outcomes, this.arbiter);
  }

  private entryRun<T>(
    locs: Loc[],
    fop: (c: Xlator, i: number) => T,
    newEntry?: TxnSpec<T>['newEntry'],
    precheck?: TxnSpec<T>['precheck'],
  ): TxnResult<T> {
    for (const l of locs) this.guardName(l);
    const entries = locs.map((l) => ({ parent: parentLoc(l), name: l.name ?? path.posix.basename(l.path) }));
    return runTransaction(this.txn, { type: 'entry', entries, fop: (c, i) => fop(c, i), newEntry, precheck });
  }

  /**
   * The kernel's lookup before O_CREAT, on a degraded set (see TxnSpec.precheck): a name that is
   * there is EEXIST, one held by too few copies is refused as the lookup refuses it; only an
   * absent name is created.
   */
  private absentOrRefuse(loc: Loc): () => void {
    return () => {
      const r = attempt(() => this.refresh(loc));
      if (r.ok) throw new FopError('EEXIST', loc.path);
      if (r.error.code !== 'ENOENT') throw r.error;
    };
  }

  private newInode(loc: Loc, kind: 'file' | 'dir' | 'special') {
    return { kind, loc: (iatt: Iatt): Loc => ({ path: loc.path, gfid: iatt.gfid, parent: loc.parent, name: loc.name }) };
  }

  mkdir(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    return this.entryTxn([loc], (c) => c.mkdir(loc, mode, xdata), this.newInode(loc, 'dir'));
  }

  /**
   * A file made on every child is known exactly (same gfid everywhere, no changelog): its iatt
   * stands for that state, so a write that follows with it as hint needs no refresh.
   */
  create(loc: Loc, mode: number, xdata?: Xdata): Iatt {
    const newEntry = { ...this.newInode(loc, 'file'), written: xdata?.initialData !== undefined };
    const res = this.entryRun([loc], (c, i) => c.create(loc, mode, this.createXdata(xdata, i)), newEntry, this.absentOrRefuse(loc));
    const iatt = firstResult(res.outcomes, this.arbiter);
    const made = res.outcomes.map((o) => (o?.ok ? { ok: true as const, value: { iatt: o.value, xattrs: {} } } : undefined));
    if (made.every((o) => o !== undefined)) this.replied.set(iatt, interpret(this.txn, made as Outcome<LookupReply>[]));
    return iatt;
  }

  /**
   * A create that carries the file's first data (xdata.initialData) leaves every brick as the
   * create and write it stands for would: the data on the data bricks (an arbiter keeps none),
   * and the dirty counter their write transaction would have left, at zero.
   */
  private createXdata(xdata: Xdata | undefined, child: number): Xdata | undefined {
    if (xdata?.initialData === undefined) return xdata;
    const out: Xdata = { ...xdata, newXattrs: { ...xdata.newXattrs, [DIRTY_KEY]: encodeChangelog([0, 0, 0]) } };
    if (child === this.arbiter) out.initialData = undefined;
    return out;
  }

  /**
   * A special file made while a brick is down gets a metadata mark for it (a regular one, data
   * and metadata, as create): as 10.3 marks mknod's new inode.
   */
  mknod(loc: Loc, mode: number, rdev: number, xdata?: Xdata): Iatt {
    const kind = (mode & 0o170000) === 0o100000 || (mode & 0o170000) === 0 ? 'file' : 'special';
    return this.entryTxn([loc], (c) => c.mknod(loc, mode, rdev, xdata), this.newInode(loc, kind));
  }

  /** Symlinks get no new-entry marks (GlusterFS marks only create/mknod/mkdir). */
  symlink(target: string, loc: Loc, xdata?: Xdata): Iatt {
    return this.entryTxn([loc], (c) => c.symlink(target, loc, xdata));
  }

  link(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): Iatt {
    return this.entryTxn([newLoc], (c) => c.link(oldLoc, newLoc, xdata));
  }

  unlink(loc: Loc, xdata?: Xdata): void {
    this.entryTxn([loc], (c) => c.unlink(loc, xdata));
  }

  rmdir(loc: Loc, xdata?: Xdata): void {
    this.entryTxn([loc], (c) => c.rmdir(loc, xdata));
  }

  rename(oldLoc: Loc, newLoc: Loc, xdata?: Xdata): void {
    this.entryTxn([oldLoc, newLoc], (c) => c.rename(oldLoc, newLoc, xdata));
  }

  // ---- pass-through -----------------------------------------------------------------------

  /** Raw changelog access from above (heal, DHT) goes to every live child. */
  xattrop(loc: Loc, xattrs: Record<string, Buffer>, xdata?: Xdata): Record<string, Buffer> {
    return this.onAllUp((c) => c.xattrop(loc, xattrs, xdata));
  }

  inodelk(loc: Loc, domain: string, cmd: 'lock' | 'unlock'): void {
    this.onAllUp((c) => c.inodelk(loc, domain, cmd), cmd === 'unlock');
  }

  entrylk(loc: Loc, domain: string, basename: string | undefined, cmd: 'lock' | 'unlock'): void {
    this.onAllUp((c) => c.entrylk(loc, domain, basename, cmd), cmd === 'unlock');
  }

  /**
   * Record locks go to the children one after another, as afr_lk winds them: a conflict (EAGAIN)
   * anywhere undoes the locks taken and fails; with client quorum set, fewer children locked than
   * quorum undoes them too and fails with what the others answered (lk-quorum.t). Unlocks and
   * queries take the same path, as in 10.3.
   */
  lk(loc: Loc, cmd: 'get' | 'set', lock: Flock, owner: string): Flock {
    const outcomes: Outcome<Flock>[] = [];
    const locked = this.children.map(() => false);
    let answer: Flock | undefined;
    const undo = (error: FopError): never => {
      const unlock: Flock = { ...lock, type: 'unlock' };
      this.children.forEach((c, i) => {
        if (locked[i]) attempt(() => c.lk(loc, 'set', unlock, owner));
      });
      throw error;
    };
    for (const [i, c] of this.children.entries()) {
      const o = attempt(() => c.lk(loc, cmd, lock, owner));
      outcomes.push(o);
      if (!o.ok && o.error.code === 'EAGAIN') return undo(o.error);
      if (o.ok) {
        locked[i] = true;
        answer = o.value;
      }
    }
    if (this.quorum.type !== 'none' && !hasQuorum(this.quorum, locked)) return undo(pickError(outcomes));
    if (!answer) throw pickError(outcomes);
    return answer;
  }

  private onAllUp<T>(fn: (c: Xlator) => T, tolerant = false): T {
    const outcomes = fanout(this.children, fn);
    const first = outcomes.find((o) => o.ok);
    if (first?.ok) return first.value;
    if (tolerant) return undefined as T;
    throw pickError(outcomes);
  }
}

function parentLoc(loc: Loc): Loc {
  const p = path.posix.dirname(loc.path);
  return loc.parent ? { path: p, gfid: loc.parent } : { path: p };
}

function indexes(flags: readonly boolean[]): number[] {
  const out: number[] = [];
  flags.forEach((f, i) => {
    if (f) out.push(i);
  });
  return out;
}

/** The reply to hand up: the first child (not the arbiter, whose data is empty) that succeeded. */
function firstResult<T>(outcomes: readonly (Outcome<T> | undefined)[], arbiter: number): T {
  const order = outcomes.map((_, i) => i).sort((a, b) => Number(a === arbiter) - Number(b === arbiter));
  for (const i of order) {
    const o = outcomes[i];
    if (o?.ok) return o.value;
  }
  throw pickError(outcomes);
}

function withoutAfrKeys(xattrs: Record<string, Buffer>): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(xattrs)) if (!isAfrKey(k)) out[k] = v;
  return out;
}
