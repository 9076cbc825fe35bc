// Blanks the fields INDEX.md lists as varying from run to run (UUIDs, ports, pids, status-detail
// figures), so expected and actual output compare byte for byte everywhere else.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** The Volume ID again, as getfattr prints a brick's volume-id (the thin-arbiter on-disk captures). */
const VOLUME_ID_XATTR = /^(trusted\.glusterfs\.volume-id=)0x[0-9a-f]{32}$/gm;
const STATUS_ROW = /^(Brick |Self-heal Daemon on |NFS Server on |Quota Daemon on |Bitrot Daemon on |Scrubber Daemon on )/;
const DETAIL_FIELDS =
  /^(TCP Port|Pid|File System|Device|Mount Options|Inode Size|Disk Space Free|Total Disk Space|Inode Count|Free Inodes)(\s*): .*$/gm;
const XML_VARYING =
  /<(port|tcp|pid|sizeTotal|sizeFree|device|blockSize|mntOptions|fsName|inodeSize|inodesTotal|inodesFree)>[^<]*<\/\1>/g;

/**
 * gluster cuts a brick name longer than its column and carries on on the next line; the temp
 * root makes tgluster's names longer than the capture's, so glue such rows back together first.
 */
function unwrapStatusRows(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    while (STATUS_ROW.test(line) && line.trim().split(/\s+/).length < 3 && i + 1 < lines.length) line += lines[++i];
    out.push(line);
  }
  return out.join('\n');
}

/**
 * A status table row, compared as words (padding follows the name's length): the TCP port (4th
 * from the end) and, on an online row, the pid (last) vary from run to run.
 */
function statusRows(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!STATUS_ROW.test(line)) return line;
      const words = line.trim().split(/\s+/);
      const n = words.length;
      if (n >= 5) {
        if (/^\d+$/.test(words[n - 4])) words[n - 4] = '<port>';
        if (words[n - 2] === 'Y') words[n - 1] = '<pid>';
      }
      return words.join(' ');
    })
    .join('\n');
}

/**
 * heal info lists a brick's entries in the order its index directory reads back, which depends
 * on the gfids and the brick's file system: each brick's entries are compared as a sorted list.
 */
function sortHealEntries(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    out.push(...run.sort());
    run = [];
  };
  let inBrick = false;
  for (const line of lines) {
    const entry = inBrick && (/^\s*<file gfid=/.test(line) || (!/^(Status: |Number of |\s*<)/.test(line) && line !== ''));
    if (entry) {
      run.push(line);
      continue;
    }
    flush();
    out.push(line);
    if (/^Brick |^\s*<name>/.test(line)) inBrick = true;
    if (/^Status: |^\s*<status>/.test(line)) inBrick = false;
  }
  flush();
  return out.join('\n');
}

/** A rebalance / remove-brick status row: `Node files size scanned failures skipped status... h:m:s`. */
const REBALANCE_ROW = /^ *localhost +\d+ +\S+ +\d+ +\d+ +\d+ +([a-z -]+?) +\d+:\d\d:\d\d$/gm;
const FIX_LAYOUT_ROW = /^( *localhost +[a-z -]+?) +\d+:\d\d:\d\d$/gm;
/** The counters INDEX.md lists as varying (files moved, their size, entries scanned, run time). */
const REBALANCE_XML = /<(files|size|lookups|runtime)>[^<]*<\/\1>/g;

/** Rebalance counters and run times vary with the data and the machine; failures and skipped do not. */
function rebalanceRows(t: string): string {
  return t
    .replace(REBALANCE_ROW, (line, status: string) => {
      const w = line.trim().split(/ +/);
      return `localhost <files> <size> <scanned> ${w[4]} ${w[5]} ${status} <runtime>`;
    })
    .replace(FIX_LAYOUT_ROW, '$1 <runtime>')
    .replace(REBALANCE_XML, '<$1>varies</$1>');
}

/** root: the temp directory standing in for the capture's `/` under which /bricks/cli lives. */
export function normalise(text: string, root?: string, command?: string): string {
  // heal's "Brick host:/path" lines head a block; they are not status table rows.
  const heal = command !== undefined && / heal /.test(command);
  let t = heal ? text : unwrapStatusRows(text);
  if (root) t = t.split(root).join('');
  t = t.replace(UUID, '<uuid>');
  if (heal && / heal \S+ info\b/.test(command)) t = sortHealEntries(t);
  t = t.replace(VOLUME_ID_XATTR, '$1<uuid>');
  if (!heal) t = statusRows(t);
  t = t.replace(DETAIL_FIELDS, '$1$2: <varies>');
  t = t.replace(XML_VARYING, '<$1>varies</$1>');
  if (command !== undefined && / (rebalance|remove-brick) /.test(command)) t = rebalanceRows(t);
  return t;
}
