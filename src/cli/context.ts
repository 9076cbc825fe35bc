// What every command handler gets: parsed global options, where to print, how to ask.
export type OutputFormat = 'text' | 'xml' | 'json';

export interface Ctx {
  /** glusterd's working directory equivalent (TGLUSTER_HOME). */
  home: string;
  /** --mode=script answers every prompt with yes and prints no prompt. */
  script: boolean;
  format: OutputFormat;
  /** Colour allowed: stdout is a TTY, no NO_COLOR, text format, interactive mode. */
  color: boolean;
  out(s: string): void;
  err(s: string): void;
  /** gluster's y/n prompt: text to stdout, answer from stdin even when it is not a TTY. */
  confirm(question: string): Promise<boolean>;
  /** Run as tgluster, not as a symlink named gluster: help screens name tgluster's own commands. */
  tgluster?: boolean;
  /** --wignore: gluster's CLI then asks glusterd for `force` (volume create, add-brick). */
  wignore?: boolean;
}

/** A command handler: words after the command's own words were matched; returns the exit code. */
export type Handler = (ctx: Ctx, words: string[]) => Promise<number>;
