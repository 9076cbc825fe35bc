// Blanks the fields INDEX.md lists as varying from run to run (UUIDs, ports, pids, status-detail
// figures), so expected and actual output compare byte for byte everywhere else.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const STATUS_ROW = /^(Brick |Self-heal Daemon on |NFS Server on |Quota Daemon on |Bitrot Daemon on |Scrubber Daemon on )/;
const DETAIL_FIELDS =
  /^(TCP Port|Pid|File System|Device|Mount Options|Inode Size|Disk Space Free|Total Disk Space|Inode Count|Free Inodes)(\s*): .*$/gm;
const XML_VARYING =
  /<(port|tcp|pid|sizeTotal|sizeFree|device|blockSize|mntOptions|fsName|inodeSize|inodesTotal|inodesFree)>[^<]*<\/\1>/g;

/**
 * A status table row: gluster pads columns, and a long brick name pushes the columns onto the next
 * line; compare the row as words, with the TCP port (4th from the end) and the pid (last) blanked.
 */
function statusRows(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (!STATUS_ROW.test(line)) {
      out.push(line);
      continue;
    }
    if (line.trim().split(/\s+/).length < 5 && i + 1 < lines.length && /^\s/.test(lines[i + 1])) {
      line = `${line} ${lines[++i]}`;
    }
    const words = line.trim().split(/\s+/);
    const n = words.length;
    if (n >= 5) {
      if (/^\d+$/.test(words[n - 4])) words[n - 4] = '<port>';
      if (/^\d+$/.test(words[n - 1])) words[n - 1] = '<pid>';
    }
    out.push(words.join(' '));
  }
  return out.join('\n');
}

/** root: the temp directory standing in for the capture's `/` under which /bricks/cli lives. */
export function normalise(text: string, root?: string): string {
  let t = root ? text.split(root).join('') : text;
  t = t.replace(UUID, '<uuid>');
  t = statusRows(t);
  t = t.replace(DETAIL_FIELDS, '$1$2: <varies>');
  t = t.replace(XML_VARYING, '<$1>varies</$1>');
  return t;
}
