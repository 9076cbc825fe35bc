// A glusterd-side rejection: the CLI prints it as `volume <op>: ... failed: <message>`
// (text) or as <opRet>-1</opRet> with this errno (XML).
export class MgmtError extends Error {
  constructor(
    message: string,
    public readonly opErrno = 30800,
    /** What glusterd would write to its log beside the message (the real reason). */
    public readonly reason?: string,
  ) {
    super(message);
    this.name = 'MgmtError';
  }
}

/** A state file that cannot be read or parsed: always names the file. */
export class StateCorruptError extends Error {
  constructor(public readonly file: string, detail: string) {
    super(`Failed to read state file ${file}: ${detail}`);
    this.name = 'StateCorruptError';
  }
}
