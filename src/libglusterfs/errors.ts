// Typed data-path errors: every failure carries the errno a FUSE client would see.
import { constants } from 'node:os';

const ERRNO: Record<string, number> = constants.errno as unknown as Record<string, number>;

const MESSAGES: Record<string, string> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EIO: 'Input/output error',
  EACCES: 'Permission denied',
  EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EMLINK: 'Too many links',
  ENAMETOOLONG: 'File name too long',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  ENODATA: 'No data available',
  ENOTSUP: 'Operation not supported',
  ENOTCONN: 'Transport endpoint is not connected',
  ESTALE: 'Stale file handle',
  EBADF: 'Bad file descriptor',
  E2BIG: 'Argument list too long',
  ERANGE: 'Numerical result out of range',
  EBUSY: 'Device or resource busy',
  EAGAIN: 'Resource temporarily unavailable',
  ENXIO: 'No such device or address',
};

export type ErrnoCode = keyof typeof MESSAGES | string;

const FOP_STACKS = !!process.env.TGLUSTER_FOP_STACKS;

export class FopError extends Error {
  readonly errno: number;
  constructor(
    public readonly code: ErrnoCode,
    detail?: string,
  ) {
    // A fop's error is an answer (ENOENT from a lookup, ESTALE from a brick that lacks the
    // inode), made thousands of times by a heal: no stack trace is captured for it, unless
    // TGLUSTER_FOP_STACKS asks for them (debugging).
    const limit = Error.stackTraceLimit;
    if (!FOP_STACKS) Error.stackTraceLimit = 0;
    super(detail ? `${MESSAGES[code] ?? code}: ${detail}` : (MESSAGES[code] ?? code));
    Error.stackTraceLimit = limit;
    this.name = 'FopError';
    this.errno = ERRNO[code] ?? 0;
  }
  /** strerror() text, as coreutils prints it. */
  get strerror(): string {
    return MESSAGES[this.code] ?? this.code;
  }
}

/** Wraps a Node fs error (err.code = 'ENOENT', ...) into a FopError; rethrows anything else. */
export function fromNodeError(e: unknown, detail?: string): FopError {
  if (e instanceof FopError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return new FopError(code, detail);
  throw e;
}

export function strerror(code: string): string {
  return MESSAGES[code] ?? code;
}

/** The errno number of a code (EIO -> 5); 1 when unknown. */
export function errnoNumber(code: string): number {
  return ERRNO[code] ?? 1;
}
