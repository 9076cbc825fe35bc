// Shapes of the generated option catalogue (catalogue-data.ts).

/** How an xlator checks a value (GlusterFS's option types). */
export interface ValueCheck {
  /** The option name the translator knows (what messages quote). */
  name: string;
  type: string;
  min?: number;
  max?: number;
  /** Which bound is enforced ('both' when absent). */
  validate?: 'min' | 'max';
  /** Accepted values (enum) or fnmatch patterns for str options. */
  values?: string[];
  /** A translator on/off switch: a bad value fails with glusterd's generic message. */
  generic?: boolean;
}

/** One row of glusterd's volume-set map. */
export interface MapEntry {
  key: string;
  voltype?: string;
  /** The xlator's own option name; a leading '!' means glusterd handles it itself. */
  option?: string;
  /** glusterd's table value: `volume get` shows it without "(DEFAULT)". */
  value?: string;
  doc?: 'NO_DOC' | 'GLOBAL_DOC' | 'GLOBAL_NO_DOC';
  /** glusterd's own extra validator for this key. */
  validateFn?: string;
  client?: boolean;
  /** `volume reset` never removes it (quota switches). */
  neverReset?: boolean;
  /** Only `volume reset ... force` removes it. */
  forceReset?: boolean;
  check?: ValueCheck;
  /**
   * What `volume get` shows while the option is not set: [value, shown with " (DEFAULT)"].
   * Absent: glusterd cannot look the default up, and lists the key only once it is set.
   */
  get?: [string, boolean];
  /** `volume set help` entry of a documented key: [default value, description]. */
  help?: [string, string];
}

/** [key, default shown by `volume get`, shown with " (DEFAULT)"] */
export type ShownRow = [string, string, boolean];
