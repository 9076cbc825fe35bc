// The addon's FUSE functions (native/fuse.c), typed. They exist only in an addon built with
// libfuse3's headers (Debian: libfuse3-dev); fuseNative() says why when they are not there.
import { nativeAddon } from '../native/addon.js';

/** One kernel request as native/fuse.c hands it over (fields the op does not use are 0). */
export interface FuseRequest {
  op: string;
  /** The request's handle: answered exactly once with one fuseReply* (never for a forget). */
  req: number;
  ino: number;
  /** rename's new parent, link's new parent. */
  ino2?: number;
  fh: number;
  flags: number;
  mode: number;
  rdev: number;
  size: number;
  off: number;
  nlookup: number;
  datasync: number;
  uid: number;
  gid: number;
  pid: number;
  name?: string;
  /** symlink's target, rename's new name. */
  name2?: string;
  data?: Buffer;
  toSet?: number;
  attrMode?: number;
  attrUid?: number;
  attrGid?: number;
  attrSize?: number;
  attrAtime?: number;
  attrAtimeNs?: number;
  attrMtime?: number;
  attrMtimeNs?: number;
  /** getlk, setlk, flush, release: the kernel's lock owner (16 hex digits). */
  owner?: string;
  /** release: the file held a flock, which goes with it. */
  flockRelease?: number;
  /** getlk, setlk: the lock (type 0 read, 1 write, 2 unlock; len 0 to the end), and whether to wait. */
  lkType?: number;
  lkStart?: number;
  lkLen?: number;
  lkPid?: number;
  lkSleep?: number;
}

export type FuseSession = object;

export interface FuseNative {
  fuseAvailable(): boolean;
  /** readdirplus false: the kernel lists directories with READDIR only (--use-readdirp=no). */
  fuseMount(mountpoint: string, options: string, handler: (r: FuseRequest) => void, readdirplus?: boolean): FuseSession;
  fuseUnmount(s: FuseSession): void;
  fuseFinish(s: FuseSession): void;
  fuseReplyErr(req: number, errno: number): void;
  fuseReplyEntry(req: number, entry: Float64Array): void;
  /** openFlags: 1 direct_io, 2 keep_cache. */
  fuseReplyCreate(req: number, entry: Float64Array, fh: number, openFlags: number): void;
  fuseReplyAttr(req: number, attr: Float64Array, timeout: number): void;
  fuseReplyOpen(req: number, fh: number, openFlags: number): void;
  fuseReplyBuf(req: number, data: Buffer | null): void;
  fuseReplyWrite(req: number, count: number): void;
  fuseReplyLseek(req: number, offset: number): void;
  /** getlk's answer: type 0 read, 1 write, 2 nothing conflicts. */
  fuseReplyLock(req: number, type: number, start: number, len: number, pid: number): void;
  fuseReplyXattr(req: number, size: number): void;
  fuseReplyReadlink(req: number, target: string): void;
  fuseReplyStatfs(req: number, s: Float64Array): void;
  /** entries: [name, next offset, entry (plus) or attr]; returns how many fitted. */
  fuseReplyDir(req: number, plus: boolean, size: number, entries: Array<[string, number, Float64Array]>): number;
}

/** The addon's FUSE layer, or the reason there is none. */
export function fuseNative(): FuseNative | string {
  const addon = nativeAddon() as unknown as Partial<FuseNative> | undefined;
  if (!addon) return 'the native addon is not built (npm install needs python3, make and a C compiler)';
  if (!addon.fuseAvailable?.()) return 'the native addon was built without FUSE (install libfuse3-dev and pkg-config, then npm rebuild)';
  return addon as FuseNative;
}
