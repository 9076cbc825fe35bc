// The xattr object tests again through fs-xattr, the fallback when the native addon is not
// built: both backends must behave the same (flags, symlinks, errors).
import { expect, it } from 'vitest';

process.env.TGLUSTER_NATIVE_XATTR = '0';
const { xattrBackend } = await import('../../../src/xattr/index.js');
await import('./object.test.js');

it('runs on fs-xattr', () => {
  expect(xattrBackend()).toBe('fs-xattr');
});
