// tgluster's own version line (only `--version` pays for reading package.json).
import { packageVersion } from '../../fsutil/package-root.js';

/** The line `tgluster --version` adds after gluster's block. */
export const versionLine = (): string => `tgluster ${packageVersion()} (GlusterFS 10.3 in a box: daemon-less, single machine)\n`;
