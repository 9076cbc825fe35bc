// GlusterFS makes its bookkeeping directories (.glusterfs, indices/*, changelogs/*, unlink,
// entry-changes/<gfid>) with mode 0600: the brick process runs as root, which enters a directory
// whatever its bits. Any other owner could not, so outside root they also get the owner's x bit.

let root: boolean | undefined;

/** 0600 as GlusterFS when running as root; 0700 otherwise (the owner must be able to enter). */
export function privateDirMode(): number {
  root ??= process.getuid?.() === 0;
  return root ? 0o600 : 0o700;
}
