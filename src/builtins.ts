// Node built-ins that cost milliseconds to load (node:crypto ~2-3 ms, node:tty ~3 ms as it pulls
// in node:net), required on first use so that commands which never call them do not pay for them
// at start-up. Works from the ESM API bundle, the CommonJS CLI bundle and the tests alike.
import { createRequire } from 'node:module';

/** A loader for a built-in module that requires it on its first call. */
function lazy<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= createRequire(import.meta.url)(id) as T);
}

export const lazyCrypto = lazy<typeof import('node:crypto')>('node:crypto');
export const lazyTty = lazy<typeof import('node:tty')>('node:tty');

/** crypto.randomUUID(), loading node:crypto on the first call. */
export function randomUUID(): string {
  return lazyCrypto().randomUUID();
}
