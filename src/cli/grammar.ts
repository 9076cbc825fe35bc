// gluster 10.3's command word tree. Every command template is listed in the order the real CLI
// registers it; the tree is built the way the real CLI builds it (the leading literal words of
// each template become nodes, the last template registered on a node is its usage line), so word
// matching, unique-prefix abbreviations (`vol inf`) and error positions behave like gluster's.

const GEOREP =
  'volume geo-replication [<PRIMARY-VOLNAME>] [<SECONDARY-IP>]::[<SECONDARY-VOLNAME>] {\\\n' +
  ' create [[ssh-port n] [[no-verify] \\\n | [push-pem]]] [force] \\\n' +
  ' | start [force] \\\n | stop [force] \\\n | pause [force] \\\n | resume [force] \\\n' +
  ' | config [[[\\!]<option>] [<value>]] \\\n | status [detail] \\\n | delete [reset-sync-time]} ';

const BITROT_ALL =
  'volume bitrot <VOLNAME> {enable|disable}\n' +
  'volume bitrot <VOLNAME> signing-time <time-in-secs>\n' +
  'volume bitrot <VOLNAME> signer-threads <count>\n' +
  'volume bitrot <volname> scrub-throttle {lazy|normal|aggressive}\n' +
  'volume bitrot <volname> scrub-frequency {hourly|daily|weekly|biweekly|monthly}\n' +
  'volume bitrot <volname> scrub {pause|resume|status|ondemand}';

const QUOTA_MAIN =
  'volume quota <VOLNAME> {enable|disable|list [<path> ...]| list-objects [<path> ...] | ' +
  'remove <path>| remove-objects <path> | default-soft-limit <percent>}';
const QUOTA_ALL =
  `${QUOTA_MAIN}\n` +
  'volume quota <VOLNAME> {limit-usage <path> <size> [<percent>]}\n' +
  'volume quota <VOLNAME> {limit-objects <path> <number> [<percent>]}\n' +
  'volume quota <VOLNAME> {alert-time|soft-timeout|hard-timeout} {<time>}';

/** Templates in registration order: volume, bitrot, quota, peer, system, misc, snapshot, global. */
export const TEMPLATES: readonly string[] = [
  'volume help',
  'volume info [all|<VOLNAME>]',
  'volume create <NEW-VOLNAME> [[replica <COUNT> [arbiter <COUNT>]]|[replica 2 thin-arbiter 1]] ' +
    '[disperse [<COUNT>]] [disperse-data <COUNT>] [redundancy <COUNT>] [transport <tcp|rdma|tcp,rdma>] ' +
    '<NEW-BRICK> <TA-BRICK>... [force]',
  'volume delete <VOLNAME>',
  'volume start <VOLNAME> [force]',
  'volume stop <VOLNAME> [force]',
  'volume add-brick <VOLNAME> [<replica> <COUNT> [arbiter <COUNT>]] <NEW-BRICK> ... [force]',
  'volume remove-brick <VOLNAME> [replica <COUNT>] <BRICK> ... <start|stop|status|commit|force>',
  'volume rebalance <VOLNAME> {{fix-layout start} | {start [force]|stop|status}}',
  'volume replace-brick <VOLNAME> <SOURCE-BRICK> <NEW-BRICK> {commit force}',
  'volume set <VOLNAME> <KEY> <VALUE>',
  'volume set <VOLNAME> group <GROUP>',
  'volume log <VOLNAME> rotate [BRICK]',
  'volume sync <HOSTNAME> [all|<VOLNAME>]',
  'volume reset <VOLNAME> [option] [force]',
  GEOREP,
  'volume profile <VOLNAME> {start|info [peek|incremental [peek]|cumulative|clear]|stop} [nfs]',
  'volume top <VOLNAME> {open|read|write|opendir|readdir|clear} [nfs|brick <brick>] [list-cnt <value>] | ' +
    '{read-perf|write-perf} [bs <size> count <count>] [brick <brick>] [list-cnt <value>]',
  'volume status [all | <VOLNAME> [nfs|shd|<BRICK>|quotad]] [detail|clients|mem|inode|fd|callpool|tasks|client-list]',
  'volume heal <VOLNAME> [enable | disable | full |statistics [heal-count [replica <HOSTNAME:BRICKNAME>]] |' +
    'info [summary | split-brain] |split-brain {bigger-file <FILE> | latest-mtime <FILE> |' +
    'source-brick <HOSTNAME:BRICKNAME> [<FILE>]} |granular-entry-heal {enable | disable}]',
  'volume statedump <VOLNAME> [[nfs|quotad] [all|mem|iobuf|callpool|priv|fd|inode|history]... | ' +
    '[client <hostname:process-id>]]',
  'volume list',
  'volume clear-locks <VOLNAME> <path> kind {blocked|granted|all}{inode [range]|entry [basename]|posix [range]}',
  'volume barrier <VOLNAME> {enable|disable}',
  'volume get <VOLNAME|all> <key|all>',
  'volume reset-brick <VOLNAME> <SOURCE-BRICK> {{start} | {<NEW-BRICK> commit}}',
  // bitrot
  'volume bitrot help',
  BITROT_ALL,
  // quota
  'volume quota help',
  QUOTA_MAIN,
  'volume inode-quota <VOLNAME> enable',
  QUOTA_ALL,
  // peer
  'peer probe { <HOSTNAME> | <IP-address> }',
  'peer detach { <HOSTNAME> | <IP-address> } [force]',
  'peer status',
  'peer help',
  'pool list',
  // system (internal commands, not in `help`)
  'system:: getspec <VOLNAME>',
  'system:: portmap brick2port <BRICK>',
  'system:: fsm log [<peer-name>]',
  'system:: getwd',
  'system:: mount <label> <args...>',
  'system:: umount <path> [lazy]',
  'system:: uuid get',
  'system:: uuid reset',
  'system:: help',
  'system:: copy file [<filename>]',
  'system:: execute <command> <args>',
  // misc
  'quit',
  'exit',
  'help [all]',
  // snapshot
  'snapshot help',
  'snapshot create <snapname> <volname> [no-timestamp] [description <description>]',
  'snapshot clone <clonename> <snapname>',
  'snapshot restore <snapname>',
  'snapshot status [(snapname | volume <volname>)]',
  'snapshot info [(snapname | volume <volname>)]',
  'snapshot list [volname]',
  'snapshot config [volname] ([snap-max-hard-limit <count>] [snap-max-soft-limit <percent>]) | ' +
    '([auto-delete <enable|disable>])| ([activate-on-create <enable|disable>])',
  'snapshot delete (all | snapname | volume <volname>)',
  'snapshot activate <snapname> [force]',
  'snapshot deactivate <snapname>',
  // global
  'global help',
  'get-state [<daemon>] [[odir </path/to/output/dir/>] [file <filename>]] [detail|volumeoptions]',
  'nfs-ganesha {enable| disable} ',
];

interface Node {
  word: string;
  next: Node[];
  /** Set when a template ends here: the node is a command and this is its usage line. */
  usage?: string;
}

const DIVIDERS = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '|']);

/** The literal words a template starts with (gluster stops at the first divider token). */
function leadingWords(template: string): string[] {
  const words: string[] = [];
  for (const m of template.matchAll(/[()<>[\]{}|]|[^ ()<>[\]{}|]+/g)) {
    if (DIVIDERS.has(m[0])) break;
    words.push(m[0]);
  }
  return words;
}

/**
 * gluster's word matcher: an exact match wins, otherwise the one choice the token is a prefix
 * of; ambiguous or unknown gives nothing.
 */
function match(node: Node, token: string): Node | undefined {
  if (!token) return undefined;
  let found: Node | undefined;
  let count = 0;
  for (const n of node.next) {
    if (!n.word.startsWith(token)) continue;
    if (n.word.length === token.length) return n;
    found = n;
    count++;
  }
  return count === 1 ? found : undefined;
}

function buildTree(): Node {
  const root: Node = { word: '', next: [] };
  for (const t of TEMPLATES) {
    let node = root;
    for (const w of leadingWords(t)) {
      let n = match(node, w);
      if (!n) {
        n = { word: w, next: [] };
        node.next.push(n);
      }
      node = n;
    }
    node.usage = t;
  }
  return root;
}

const ROOT = buildTree();

export type Resolution =
  /** A command: its canonical words, and how many argv words they used. */
  | { kind: 'command'; path: string[]; used: number; usage: string }
  /** A word that matches nothing at its position. */
  | { kind: 'unknown-word'; word: string; position: number }
  /** Words that stop before reaching a command (`gluster volume`). */
  | { kind: 'incomplete' };

/** Walks argv down the tree until a command node is reached. */
export function resolve(words: readonly string[]): Resolution {
  let node = ROOT;
  const path: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const n = match(node, words[i]);
    if (!n) return { kind: 'unknown-word', word: words[i], position: i };
    node = n;
    path.push(n.word);
    if (n.usage !== undefined) return { kind: 'command', path, used: i + 1, usage: n.usage };
  }
  return { kind: 'incomplete' };
}

/** The usage line gluster prints for a command given as its canonical words ("volume create"). */
export function usageOf(command: string): string {
  let node: Node | undefined = ROOT;
  for (const w of command.split(' ')) node = node?.next.find((n) => n.word === w);
  if (node?.usage === undefined) throw new Error(`no such gluster command: ${command}`);
  return node.usage;
}
