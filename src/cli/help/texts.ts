// gluster 10.3's help screens and version block, verbatim (they are what users read; the corpus
// cases global-*-help and global-version hold the originals).

export const TOP_HELP =
  " peer help                - display help for peer commands\n" +
  " volume help              - display help for volume commands\n" +
  " volume bitrot help       - display help for volume bitrot commands\n" +
  " volume quota help        - display help for volume quota commands\n" +
  " snapshot help            - display help for snapshot commands\n" +
  " global help              - list global commands\n" +
  "\n" +
  "\n";

export const PEER_HELP =
  "\n" +
  "gluster peer commands\n" +
  "======================\n" +
  "\n" +
  "peer detach { <HOSTNAME> | <IP-address> } [force] - detach peer specified by <HOSTNAME>\n" +
  "peer help - display help for peer commands\n" +
  "peer probe { <HOSTNAME> | <IP-address> } - probe peer specified by <HOSTNAME>\n" +
  "peer status - list status of peers\n" +
  "pool list - list all the nodes in the pool (including localhost)\n" +
  "\n" +
  "\n";

export const VOLUME_HELP =
  "\n" +
  "gluster volume commands\n" +
  "========================\n" +
  "\n" +
  "volume add-brick <VOLNAME> [<replica> <COUNT> [arbiter <COUNT>]] <NEW-BRICK> ... [force] - add brick to volume <VOLNAME>\n" +
  "volume barrier <VOLNAME> {enable|disable} - Barrier/unbarrier file operations on a volume\n" +
  "volume clear-locks <VOLNAME> <path> kind {blocked|granted|all}{inode [range]|entry [basename]|posix [range]} - Clear locks held on path\n" +
  "volume create <NEW-VOLNAME> [[replica <COUNT> [arbiter <COUNT>]]|[replica 2 thin-arbiter 1]] [disperse [<COUNT>]] [disperse-data <COUNT>] [redundancy <COUNT>] [transport <tcp|rdma|tcp,rdma>] <NEW-BRICK> <TA-BRICK>... [force] - create a new volume of specified type with mentioned bricks\n" +
  "volume delete <VOLNAME> - delete volume specified by <VOLNAME>\n" +
  "volume geo-replication [<PRIMARY-VOLNAME>] [<SECONDARY-IP>]::[<SECONDARY-VOLNAME>] {\\\n" +
  " create [[ssh-port n] [[no-verify] \\\n" +
  " | [push-pem]]] [force] \\\n" +
  " | start [force] \\\n" +
  " | stop [force] \\\n" +
  " | pause [force] \\\n" +
  " | resume [force] \\\n" +
  " | config [[[\\!]<option>] [<value>]] \\\n" +
  " | status [detail] \\\n" +
  " | delete [reset-sync-time]}  - Geo-sync operations\n" +
  "volume get <VOLNAME|all> <key|all> - Get the value of the all options or given option for volume <VOLNAME> or all option. gluster volume get all all is to get all global options\n" +
  "volume heal <VOLNAME> [enable | disable | full |statistics [heal-count [replica <HOSTNAME:BRICKNAME>]] |info [summary | split-brain] |split-brain {bigger-file <FILE> | latest-mtime <FILE> |source-brick <HOSTNAME:BRICKNAME> [<FILE>]} |granular-entry-heal {enable | disable}] - self-heal commands on volume specified by <VOLNAME>\n" +
  "volume help - display help for volume commands\n" +
  "volume info [all|<VOLNAME>] - list information of all volumes\n" +
  "volume list - list all volumes in cluster\n" +
  "volume log <VOLNAME> rotate [BRICK] - rotate the log file for corresponding volume/brick\n" +
  "volume profile <VOLNAME> {start|info [peek|incremental [peek]|cumulative|clear]|stop} [nfs] - volume profile operations\n" +
  "volume rebalance <VOLNAME> {{fix-layout start} | {start [force]|stop|status}} - rebalance operations\n" +
  "volume remove-brick <VOLNAME> [replica <COUNT>] <BRICK> ... <start|stop|status|commit|force> - remove brick from volume <VOLNAME>\n" +
  "volume replace-brick <VOLNAME> <SOURCE-BRICK> <NEW-BRICK> {commit force} - replace-brick operations\n" +
  "volume reset <VOLNAME> [option] [force] - reset all the reconfigured options\n" +
  "volume reset-brick <VOLNAME> <SOURCE-BRICK> {{start} | {<NEW-BRICK> commit}} - reset-brick operations\n" +
  "volume set <VOLNAME> <KEY> <VALUE> - set options for volume <VOLNAME>\n" +
  "volume set <VOLNAME> group <GROUP> - This option can be used for setting multiple pre-defined volume options where group_name is a file under /var/lib/glusterd/groups containing one key value pair per line\n" +
  "volume start <VOLNAME> [force] - start volume specified by <VOLNAME>\n" +
  "volume statedump <VOLNAME> [[nfs|quotad] [all|mem|iobuf|callpool|priv|fd|inode|history]... | [client <hostname:process-id>]] - perform statedump on bricks\n" +
  "volume status [all | <VOLNAME> [nfs|shd|<BRICK>|quotad]] [detail|clients|mem|inode|fd|callpool|tasks|client-list] - display status of all or specified volume(s)/brick\n" +
  "volume stop <VOLNAME> [force] - stop volume specified by <VOLNAME>\n" +
  "volume sync <HOSTNAME> [all|<VOLNAME>] - sync the volume information from a peer\n" +
  "volume top <VOLNAME> {open|read|write|opendir|readdir|clear} [nfs|brick <brick>] [list-cnt <value>] | {read-perf|write-perf} [bs <size> count <count>] [brick <brick>] [list-cnt <value>] - volume top operations\n" +
  "\n" +
  "\n";

export const BITROT_HELP =
  "\n" +
  "gluster bitrot commands\n" +
  "========================\n" +
  "\n" +
  "volume bitrot <VOLNAME> scrub {pause|resume|status|ondemand} - Pause/resume the scrubber for <VOLNAME>. Status displays the status of the scrubber. ondemand starts the scrubber immediately.\n" +
  "volume bitrot <VOLNAME> scrub-frequency {hourly|daily|weekly|biweekly|monthly} - Set the frequency of the scrubber for volume <VOLNAME>\n" +
  "volume bitrot <VOLNAME> scrub-throttle {lazy|normal|aggressive} - Set the speed of the scrubber for volume <VOLNAME>\n" +
  "volume bitrot <VOLNAME> signer-threads <count> - Number of signing process threads. Usually set to number of available cores\n" +
  "volume bitrot <VOLNAME> signing-time <time-in-secs> - Waiting time for an object after last fd is closed to start signing process\n" +
  "volume bitrot <VOLNAME> {enable|disable} - Enable/disable bitrot for volume <VOLNAME>\n" +
  "volume bitrot help - display help for volume bitrot commands\n" +
  "\n" +
  "\n";

export const QUOTA_HELP =
  "\n" +
  "gluster quota commands\n" +
  "=======================\n" +
  "\n" +
  "volume inode-quota <VOLNAME> enable - Enable/disable inode-quota for <VOLNAME>\n" +
  "volume quota <VOLNAME> {alert-time|soft-timeout|hard-timeout} {<time>} - Set quota timeout for <VOLNAME>\n" +
  "volume quota <VOLNAME> {enable|disable|list [<path> ...]| list-objects [<path> ...] | remove <path>| remove-objects <path> | default-soft-limit <percent>} - Enable/disable and configure quota for <VOLNAME>\n" +
  "volume quota <VOLNAME> {limit-objects <path> <number> [<percent>]} - Set the maximum number of entries allowed in <path> for <VOLNAME>\n" +
  "volume quota <VOLNAME> {limit-usage <path> <size> [<percent>]} - Set maximum size for <path> for <VOLNAME>\n" +
  "volume quota help - display help for volume quota commands\n" +
  "\n" +
  "\n";

export const SNAPSHOT_HELP =
  "\n" +
  "gluster snapshot commands\n" +
  "=========================\n" +
  "\n" +
  "snapshot activate <snapname> [force] - Activate snapshot volume.\n" +
  "snapshot clone <clonename> <snapname> - Snapshot Clone.\n" +
  "snapshot config [volname] ([snap-max-hard-limit <count>] [snap-max-soft-limit <percent>]) | ([auto-delete <enable|disable>])| ([activate-on-create <enable|disable>]) - Snapshot Config.\n" +
  "snapshot create <snapname> <volname> [no-timestamp] [description <description>] - Snapshot Create.\n" +
  "snapshot deactivate <snapname> - Deactivate snapshot volume.\n" +
  "snapshot delete (all | snapname | volume <volname>) - Snapshot Delete.\n" +
  "snapshot help - display help for snapshot commands\n" +
  "snapshot info [(snapname | volume <volname>)] - Snapshot Info.\n" +
  "snapshot list [volname] - Snapshot List.\n" +
  "snapshot restore <snapname> - Snapshot Restore.\n" +
  "snapshot status [(snapname | volume <volname>)] - Snapshot Status.\n" +
  "\n" +
  "\n";

export const GLOBAL_HELP =
  "\n" +
  "gluster global commands\n" +
  "========================\n" +
  "\n" +
  "get-state [<daemon>] [[odir </path/to/output/dir/>] [file <filename>]] [detail|volumeoptions] - Get local state representation of mentioned daemon\n" +
  "global help - list global commands\n" +
  "nfs-ganesha {enable| disable}  - Enable/disable NFS-Ganesha support\n" +
  "\n" +
  "\n";

export const SYSTEM_HELP =
  "system:: copy file [<filename>] - Copy file from current node's $working_dir to $working_dir of all cluster nodes\n" +
  "system:: execute <command> <args> - Execute the command on all the nodes in the cluster and display their output.\n" +
  "system:: fsm log [<peer-name>] - display fsm transitions\n" +
  "system:: getspec <VOLNAME> - fetch the volume file for the volume <VOLNAME>\n" +
  "system:: getwd - query glusterd work directory\n" +
  "system:: help - display help for system commands\n" +
  "system:: mount <label> <args...> - request a mount\n" +
  "system:: portmap brick2port <BRICK> - query which port <BRICK> listens on\n" +
  "system:: umount <path> [lazy] - request an umount\n" +
  "system:: uuid get - get uuid of glusterd\n" +
  "system:: uuid reset - reset the uuid of glusterd\n";

/**
 * What `tgluster --help` (and `tgluster help`) adds after gluster's screen: tgluster's own command
 * groups. Invoked under the name `gluster` (a symlink, for scripts) the screen is gluster's alone.
 */
export const TGLUSTER_HELP =
  "tgluster's own commands (not in gluster):\n" +
  " fs --help                - files of a volume without a mount: ls, put, cat, mkdir, rm, mv, cp, ln, getfattr, ...\n" +
  " mount [-o OPTIONS] <VOLNAME|HOSTNAME:/VOLNAME> <MOUNTPOINT>  - mount the volume with FUSE (umount ends it; mount --help)\n" +
  " debug kill-brick <VOLNAME> <HOSTNAME:BRICKPATH>  - kill a brick as kill -9 of its process would\n" +
  " debug kill-node <HOSTNAME>                       - kill a node (peer Disconnected, its bricks down)\n" +
  " debug revive-node <HOSTNAME>                     - bring a killed node back\n" +
  " debug crawl <VOLNAME> start [--wait] | status | stop  - a counted walk of the volume, as a task\n" +
  " volume rebalance <VOLNAME> {start [force]|fix-layout start} --wait  - stay until the rebalance ends, then print its status\n" +
  " volume remove-brick <VOLNAME> <BRICK> ... start --wait  - stay until the migration off the bricks ends\n" +
  " volume heal <VOLNAME> [full] --background        - heal as the volume's task (see heal <VOLNAME> info summary)\n" +
  " volume heal <VOLNAME> [full] --watch             - heal as the self-heal daemon would, every cluster.heal-timeout s\n" +
  "(volume heal <VOLNAME> [full] heals in the command, to completion: there is no self-heal daemon.)\n" +
  " volume handover <VOLNAME> [--force]              - the shell script that recreates the volume on a real GlusterFS pool\n" +
  " volume adopt <VOLNAME> --from-glusterd <DIR> [--brick-map <HOST:PATH>=<LOCALPATH>]...  - take a real node's volume over copies of its bricks\n" +
  "Global options of tgluster: --json (machine-readable output of every command).\n" +
  "State: $TGLUSTER_HOME (see README.md). Run as `gluster` (a symlink) for gluster's exact screens.\n";

export const VERSION =
  "glusterfs 10.3\n" +
  "Repository revision: git://git.gluster.org/glusterfs.git\n" +
  "Copyright (c) 2006-2016 Red Hat, Inc. <https://www.gluster.org/>\n" +
  "GlusterFS comes with ABSOLUTELY NO WARRANTY.\n" +
  "It is licensed to you under your choice of the GNU Lesser\n" +
  "General Public License, version 3 or any later version (LGPLv3\n" +
  "or later), or the GNU General Public License, version 2 (GPLv2),\n" +
  "in all cases as published by the Free Software Foundation.\n";
