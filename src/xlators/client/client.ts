// protocol/client without the network: VOL-client-N forwards every fop to its brick (one posix
// child). A brick whose process is dead (`down`) answers every fop with ENOTCONN, as a client
// whose brick connection is gone does.
import { FopError } from '../errors.js';
import type { Xlator } from '../types.js';

export interface ClientOptions {
  down?: boolean;
}

/** Every fop of the Xlator interface (name, readonly children excluded). */
export const FOPS = [
  'lookup', 'stat', 'statfs', 'mkdir', 'create', 'symlink', 'link', 'unlink', 'rmdir', 'rename',
  'readlink', 'readv', 'writev', 'truncate', 'readdir', 'setattr', 'getxattr', 'setxattr',
  'removexattr', 'xattrop', 'inodelk', 'entrylk',
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

  constructor(
    readonly name: string,
    children: readonly Xlator[],
    options: ClientOptions = {},
  ) {
    if (children.length !== 1) throw new Error(`${name}: a client has exactly one brick child`);
    this.children = children;
    this.down = options.down ?? false;
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Kills or revives the brick connection (in-process fault tests). */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** The brick xlator, or ENOTCONN when the brick is down. */
  protected brick(): Xlator {
    if (this.down) throw new FopError('ENOTCONN', this.name);
    return this.children[0];
  }
}

for (const fop of FOPS) {
  Object.defineProperty(Client.prototype, fop, {
    value: function (this: Client, ...args: unknown[]) {
      const b = this['brick']() as unknown as Record<string, (...a: unknown[]) => unknown>;
      return b[fop](...args);
    },
    writable: true,
    configurable: true,
  });
}
