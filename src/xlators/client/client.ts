// protocol/client without the network: VOL-client-N forwards every fop to its brick (one posix
// child). A brick whose process is dead (`down`) answers every fop with ENOTCONN, as a client
// whose brick connection is gone does.
import { FopError } from '../../libglusterfs/errors.js';
import type { Xlator } from '../types.js';

/** A brick that keeps per-client state to let go of when its client disconnects. */
export interface Disconnectable {
  disconnected(): void;
}

export interface ClientOptions {
  down?: boolean;
  /** The brick it talks to (volfile remote-host / remote-subvolume). */
  remoteHost?: string;
  remoteSubvolume?: string;
}

/** Every fop of the Xlator interface (name, readonly children excluded). */
const FOPS = [
  'lookup', 'stat', 'statfs', 'mkdir', 'create', 'symlink', 'mknod', 'link', 'unlink', 'rmdir', 'rename',
  'readlink', 'readv', 'writev', 'truncate', 'fallocate', 'fsync', 'seek', 'readdir', 'setattr', 'getxattr', 'setxattr',
  'removexattr', 'xattrop', 'inodelk', 'entrylk', 'lk',
] as const satisfies ReadonlyArray<keyof Xlator>;

type Fops = Pick<Xlator, (typeof FOPS)[number]>;
// Compile-time guard: a fop added to Xlator must be added to FOPS too.
type Missing = Exclude<keyof Xlator, 'name' | 'children' | (typeof FOPS)[number]>;
const allFopsListed: [Missing] extends [never] ? true : Missing = true;
void allFopsListed;

// The fop methods are generated below (each checks liveness, then forwards).
export interface Client extends Fops {}
export class Client implements Xlator {
  readonly children: readonly Xlator[];
  private down: boolean;
  readonly remoteHost?: string;
  readonly remoteSubvolume?: string;

  constructor(
    readonly name: string,
    children: readonly Xlator[],
    options: ClientOptions = {},
  ) {
    if (children.length !== 1) throw new Error(`${name}: a client has exactly one brick child`);
    this.children = children;
    this.down = options.down ?? false;
    this.remoteHost = options.remoteHost;
    this.remoteSubvolume = options.remoteSubvolume;
  }

  get isDown(): boolean {
    return this.down;
  }

  /**
   * Kills or revives the brick connection. A connection that goes takes this client's record
   * locks on the brick with it, as a brick releases a disconnected client's locks.
   */
  setDown(down: boolean): void {
    if (down && !this.down) (this.children[0] as Partial<Disconnectable>).disconnected?.();
    this.down = down;
  }

  /** The brick xlator, or ENOTCONN when the brick is down. */
  protected brick(): Xlator {
    if (this.down) throw new FopError('ENOTCONN', this.name);
    return this.children[0];
  }
}

/**
 * Gives a class every fop as a method that forwards it to the xlator `next(this)` returns (a
 * pass-through translator: whatever `next` checks first applies to every fop).
 */
export function forwardFops<T extends object>(cls: { prototype: T }, next: (self: T) => Xlator): void {
  for (const fop of FOPS) {
    Object.defineProperty(cls.prototype, fop, {
      value: function (this: T, ...args: unknown[]) {
        const to = next(this) as unknown as Record<string, (...a: unknown[]) => unknown>;
        return to[fop](...args);
      },
      writable: true,
      configurable: true,
    });
  }
}

forwardFops(Client, (c) => c['brick']());
