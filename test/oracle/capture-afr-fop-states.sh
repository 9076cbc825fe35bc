#!/usr/bin/env bash
# Capture what real GlusterFS (10.3) AFR leaves on the bricks when a modifying
# fop runs while one replica brick is down, plus a few related AFR studies.
#
# Outputs (merged incrementally, so a partial run is still usable):
#   fixtures/reference/afr-fop-states.json   modes: fops, crosscheck, split-brain, name-heal
#   fixtures/reference/afr-dir-disagree.json mode:  dir-disagree
#
# Method of mode "fops" ("one volume per (layout, down brick), one tree per fop"):
# one fresh volume per (layout, down brick).  Before the kill, every fop gets its
# own tree /<fop>/ prepared with all bricks up (/<fop>/d, /<fop>/d/f = 'hello',
# plus fop-specific extras).  Then the brick is killed (kill -9 of its
# glusterfsd), every fop runs once through the FUSE mount, each touching only
# its own tree, and after a settle delay the bricks are read directly (lgetxattr,
# no symlink following) for every relevant path.  A few fops are also run with
# all bricks up (baseline, trees /base_<fop>/).
# Mode "crosscheck" repeats a subset of replica-3 cases with one fresh volume per
# case and the tree at the volume root (/d, /d/f), to validate the fast method.
#
# Requirements: root, glusterd running, /etc/hosts maps server1..3 to 127.0.0.1.
# Only volumes named ha* and bricks under /bricks/ha/ (mounts /mnt/ha*) are touched.
#
# Usage: capture-afr-fop-states.sh [MODE] [FILTER...]
#   MODE: fops (default) | crosscheck | dir-disagree | split-brain | name-heal | counters | all
#   FILTER (mode fops): r3:2 r2:1 r2:0 arb:1 arb:2 (layout:down brick index)
#   AFR_OUT_DIR overrides the output directory.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUTDIR=${AFR_OUT_DIR:-$HERE/../../fixtures/reference}
pgrep -x glusterd >/dev/null || glusterd
exec python3 - "$OUTDIR" "$@" <<'PYEOF'
import json, os, subprocess, sys, time, re, shutil

OUTDIR = os.path.abspath(sys.argv[1])
MODE = sys.argv[2] if len(sys.argv) > 2 else "fops"
FILTER = sys.argv[3:]
OUT = os.path.join(OUTDIR, "afr-fop-states.json")
OUT_DD = os.path.join(OUTDIR, "afr-dir-disagree.json")

def sh(cmd, check=True, timeout=120):
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f"{cmd!r} failed rc={r.returncode}: {r.stdout} {r.stderr}")
    return r

def gluster(args, check=True):
    return sh("gluster --mode=script " + args, check=check)

# ---------------------------------------------------------------- fops
# name -> (prep commands with all bricks up, fop command, relevant paths)
# '$T' is the per-fop tree root on the mount; paths are volume paths with $T
# substituted by the tree ("/<fop>").
FOPS = [
 ("create",            "",                                   "touch $T/d/new",                    ["$T/d/new"]),
 ("create_write",      "",                                   "echo data > $T/d/new",              ["$T/d/new"]),
 ("mknod_fifo",        "",                                   "mkfifo $T/d/fifo",                  ["$T/d/fifo"]),
 ("mkdir",             "",                                   "mkdir $T/d/newdir",                 ["$T/d/newdir"]),
 ("symlink",           "",                                   "ln -s f $T/d/sl",                   ["$T/d/sl", "$T/d/f"]),
 ("link",              "echo xdata > $T/d/x",                "ln $T/d/x $T/d/x2",                 ["$T/d/x", "$T/d/x2"]),
 ("rename_file_same_dir", "",                                "mv $T/d/f $T/d/g",                  ["$T/d/f", "$T/d/g"]),
 ("rename_file_cross_dir", "mkdir $T/e",                     "mv $T/d/f $T/e/f",                  ["$T/d/f", "$T/e/f", "$T/e"]),
 ("rename_dir",        "mkdir $T/d/sub",                     "mv $T/d/sub $T/d/sub2",             ["$T/d/sub", "$T/d/sub2"]),
 ("rename_dir_cross_dir", "mkdir $T/d/sub $T/e",           "mv $T/d/sub $T/e/sub",              ["$T/d/sub", "$T/e/sub", "$T/e"]),
 ("unlink",            "",                                   "rm $T/d/f",                         ["$T/d/f"]),
 ("rmdir",             "mkdir $T/d/rmme",                    "rmdir $T/d/rmme",                   ["$T/d/rmme"]),
 ("setattr_chmod",     "",                                   "chmod 600 $T/d/f",                  ["$T/d/f"]),
 ("setattr_chown",     "",                                   "chown 1000:1000 $T/d/f",            ["$T/d/f"]),
 ("setattr_utimes",    "",                                   "touch -m $T/d/f",                   ["$T/d/f"]),
 ("setxattr",          "",                                   "setfattr -n user.k -v v $T/d/f",    ["$T/d/f"]),
 ("removexattr",       "setfattr -n user.k -v v $T/d/f",     "setfattr -x user.k $T/d/f",         ["$T/d/f"]),
 ("truncate",          "",                                   "truncate -s 3 $T/d/f",              ["$T/d/f"]),
 ("write_overwrite",   "",                                   "printf HE | dd of=$T/d/f bs=2 count=1 conv=notrunc status=none", ["$T/d/f"]),
 ("append",            "",                                   "echo more >> $T/d/f",               ["$T/d/f"]),
 ("fallocate",         "",                                   "fallocate -l 8192 $T/d/f",          ["$T/d/f"]),
]
BASELINE_FOPS = ["create", "mkdir", "write_overwrite", "setxattr", "rename_file_same_dir"]

LAYOUTS = {
  # key: (description, replica args, nbricks, down positions to run)
  "r3":  ("replica 3",           "replica 3",           3, [2]),
  "r2":  ("replica 2",           "replica 2",           2, [1, 0]),
  "arb": ("replica 3 arbiter 1", "replica 3 arbiter 1", 3, [1, 2]),
}
ORDER = [("r3", 2), ("r2", 1), ("r2", 0), ("arb", 1), ("arb", 2)]

# ---------------------------------------------------------------- capture
def hexv(b):
    return "0x" + b.hex()

def read_gfid(p):
    try:
        g = os.getxattr(p, "trusted.gfid", follow_symlinks=False).hex()
        return f"{g[0:8]}-{g[8:12]}-{g[12:16]}-{g[16:20]}-{g[20:32]}"
    except OSError:
        return None

def capture_path(p):
    d = {"exists": os.path.lexists(p)}
    if not d["exists"]:
        return d
    st = os.lstat(p)
    import stat as S
    kind = ("dir" if S.S_ISDIR(st.st_mode) else "file" if S.S_ISREG(st.st_mode) else
            "symlink" if S.S_ISLNK(st.st_mode) else "fifo" if S.S_ISFIFO(st.st_mode) else "other")
    d["stat"] = {"type": kind, "mode": oct(S.S_IMODE(st.st_mode)), "uid": st.st_uid,
                 "gid": st.st_gid, "nlink": st.st_nlink,
                 "size": st.st_size if kind != "dir" else None}
    xa = {}
    d["has_mdata"] = False
    d["has_gfid2path"] = False
    for k in sorted(os.listxattr(p, follow_symlinks=False)):
        if k == "trusted.glusterfs.mdata":
            d["has_mdata"] = True
            continue
        if k.startswith("trusted.gfid2path."):
            d["has_gfid2path"] = True
            continue
        try:
            xa[k] = hexv(os.getxattr(p, k, follow_symlinks=False))
        except OSError as e:
            xa[k] = f"<error {e.errno}>"
    d["xattrs"] = xa
    return d

def gfid_map(brick):
    m = {"00000000-0000-0000-0000-000000000001": "/"}
    for root, dirs, files in os.walk(brick):
        if root == brick:
            dirs[:] = [x for x in dirs if x != ".glusterfs"]
        for n in dirs + files:
            p = os.path.join(root, n)
            g = read_gfid(p)
            if g:
                m.setdefault(g, "/" + os.path.relpath(p, brick))
    return m

def list_indices(brick):
    base = os.path.join(brick, ".glusterfs/indices")
    res = {"xattrop": [], "dirty": [], "entry_changes": {}, "base_files": []}
    for kind in ("xattrop", "dirty"):
        dp = os.path.join(base, kind)
        for n in sorted(os.listdir(dp)) if os.path.isdir(dp) else []:
            if n.startswith(kind + "-"):
                res["base_files"].append(f"{kind}/{n}")
            else:
                res[kind].append(n)
    dp = os.path.join(base, "entry-changes")
    for n in sorted(os.listdir(dp)) if os.path.isdir(dp) else []:
        if n.startswith("entry-changes-"):
            res["base_files"].append(f"entry-changes/{n}")
        elif os.path.isdir(os.path.join(dp, n)):
            res["entry_changes"][n] = sorted(os.listdir(os.path.join(dp, n)))
        else:
            res["entry_changes"][n] = "<not a dir>"
    return res

def map_name(g, gm):
    return gm.get(g, g)

# ---------------------------------------------------------------- volume ops
def brick_dirs(vol, n):
    return [f"/bricks/ha/{vol}/b{i}" for i in range(n)]

def create_volume(vol, repargs, n):
    cleanup_volume(vol)
    os.makedirs(f"/bricks/ha/{vol}", exist_ok=True)
    spec = " ".join(f"server{i+1}:/bricks/ha/{vol}/b{i}" for i in range(n))
    gluster(f"volume create {vol} {repargs} {spec} force")
    gluster(f"volume set {vol} cluster.self-heal-daemon off")
    gluster(f"volume start {vol}")
    mnt = f"/mnt/{vol}"
    os.makedirs(mnt, exist_ok=True)
    sh(f"mount -t glusterfs server1:/{vol} {mnt}")
    # wait until the mount answers
    for _ in range(50):
        if sh(f"stat {mnt}", check=False).returncode == 0:
            break
        time.sleep(0.2)
    return mnt

def cleanup_volume(vol):
    assert vol.startswith("ha")
    mnt = f"/mnt/{vol}"
    if os.path.ismount(mnt):
        sh(f"umount {mnt}", check=False)
        if os.path.ismount(mnt):
            sh(f"umount -l {mnt}", check=False)
    if gluster(f"volume info {vol}", check=False).returncode == 0:
        gluster(f"volume stop {vol} force", check=False)
        gluster(f"volume delete {vol}", check=False)
    shutil.rmtree(f"/bricks/ha/{vol}", ignore_errors=True)

def brick_status(vol):
    r = gluster(f"volume status {vol}", check=False).stdout
    st = {}
    for line in r.splitlines():
        m = re.match(r"Brick (\S+):(\S+)\s+(\S+)\s+(\S+)\s+(\S)\s+(\S+)", line)
        if m:
            st[m.group(2)] = (m.group(5), m.group(6))
    return st

def kill_brick(vol, path):
    st = brick_status(vol)
    online, pid = st[path]
    assert online == "Y", st
    sh(f"kill -9 {pid}")
    for _ in range(100):
        if brick_status(vol).get(path, ("?",))[0] == "N":
            break
        time.sleep(0.2)
    else:
        raise RuntimeError("brick did not go down")
    time.sleep(1.0)  # let the client notice the disconnect
    return int(pid)

# ---------------------------------------------------------------- main
def load_out():
    if os.path.exists(OUT):
        with open(OUT) as f:
            return json.load(f)
    ver = sh("glusterfs --version", check=False).stdout.splitlines()[0]
    return {
        "gluster_version": ver,
        "method": ("one fresh volume per (layout, down_brick_index); every fop has its own tree "
                   "/<fop>/ (d, d/f='hello', plus fop-specific extras) prepared with all bricks up, "
                   "settled 3s; then the brick's glusterfsd is kill -9'd (status shows Online N), "
                   "every fop runs once through the FUSE mount touching only its own tree, then after "
                   "a 4s settle the bricks (including the down one) are read directly with "
                   "lgetxattr/lstat (no symlink following). Volume options: all defaults except "
                   "cluster.self-heal-daemon off (defaults of note: quorum-type auto, eager-lock on, "
                   "post-op-delay-secs 1, granular-entry-heal on, client-side data/metadata/entry "
                   "self-heal off, features.ctime on). Baseline cases (down_brick_index null) run the "
                   "fop with all bricks up in trees /base_<fop>/ of the first volume of each layout, "
                   "before the kill. Path keys are full volume paths; 'tree_root' is the fop's tree "
                   "(the analogue of '/' in a one-volume-per-fop setup); '/' (the real volume root) "
                   "is always recorded too. xattrs: every xattr verbatim as getfattr -e hex would show "
                   "it, except trusted.glusterfs.mdata and trusted.gfid2path.* which are reduced to "
                   "has_mdata / has_gfid2path booleans. indices: per brick, entries of "
                   ".glusterfs/indices/{xattrop,dirty} and entry-changes/<pargfid>/<name>; gfids "
                   "are mapped to volume paths (from trusted.gfid on any brick, before or after "
                   "the fop) when possible, else left as the gfid; per case only entries that map "
                   "into the case's tree (or are unmapped) are listed; the full per-volume index "
                   "listing is in 'volumes'. base_files are the link targets "
                   "(xattrop-<uuid> etc.) that always exist."),
        "volumes": [],
        "cases": [],
    }

SECTIONS = {
    "cases": "mode fops: one record per (layout, down_brick_index, fop); down_brick_index null = all-up baseline",
    "volumes": "mode fops/crosscheck: per-volume full index listings before the kill and after the fops, and the gfid->path map used",
    "crosscheck_cases": "mode crosscheck: same record format, one fresh volume per case, tree at the volume root (validates the shared-volume method; all matched)",
    "split_brain_reads": "mode split-brain: replica 2 file data split-brain (/d1/f), file metadata split-brain (/d2/m), dir entry split-brain (/e); mount-side probes, each on a fresh mount, brick state after each probe",
    "lookup_name_heal": "mode name-heal: replica 3, brick2 down during create/mkdir/unlink/write/chmod, restarted; which mount-side probes change the bricks (shd off, client heals at default = off)",
    "counter_experiments": "mode counters: how far one command or fd-sequence bumps the pending counter",
}

def save(data):
    data["sections"] = SECTIONS
    tmp = OUT + ".tmp"
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1, sort_keys=False)
    os.replace(tmp, OUT)

def run_layout(data, lk, down, key="cases", only=None, at_root=False, vol=None, with_baseline=True):
    desc, repargs, n, _ = LAYOUTS[lk]
    vol = vol or f"ha{lk}d{down}"
    print(f"=== {desc} down={down} vol={vol} {only or ''}", flush=True)
    data.setdefault(key, [])
    data.setdefault("volumes", [])
    # drop previous results produced by this volume
    data[key] = [c for c in data[key] if c.get("volume") != vol]
    data["volumes"] = [v for v in data["volumes"] if v["volume"] != vol]
    do_baseline = with_baseline and not any(
        c["layout"] == desc and c["down_brick_index"] is None for c in data[key])
    bricks = brick_dirs(vol, n)
    mnt = create_volume(vol, repargs, n)
    client = lambda i: f"{vol}-client-{i}"
    sel = [f for f in FOPS if only is None or f[0] in only]
    fops = [(name, prep, cmd, paths, "" if at_root else f"/{name}") for name, prep, cmd, paths in sel]
    base = [(name, prep, cmd, paths, f"/base_{name}") for name, prep, cmd, paths in sel
            if do_baseline and name in BASELINE_FOPS]
    # prepare all trees with all bricks up
    for name, prep, cmd, paths, tree in fops + base:
        T = mnt + tree
        sh((f"mkdir {T} && " if tree else "") + f"mkdir {T}/d && echo hello > {T}/d/f")
        if prep:
            sh(prep.replace("$T", T))
    sh(f"sync; stat {mnt}/d/* {mnt}/*/d/* >/dev/null 2>&1", check=False)
    def run(name, cmd, tree):
        T = mnt + tree
        c = cmd.replace("$T", T)
        r = sh(c, check=False)
        return {"rc": r.returncode, "stderr": r.stderr.strip().replace(mnt, "")}
    # baselines (all up)
    base_res = {}
    for name, prep, cmd, paths, tree in base:
        base_res[name] = run(name, cmd, tree)
    time.sleep(3)
    pre_idx = {f"brick{i}": list_indices(b) for i, b in enumerate(bricks)}
    gm = {}
    for b in bricks:
        for k, v in gfid_map(b).items():
            gm.setdefault(k, v)
    pid = None
    if down is not None:
        pid = kill_brick(vol, bricks[down])
    down_res = {}
    for name, prep, cmd, paths, tree in fops:
        down_res[name] = run(name, cmd, tree)
    time.sleep(4)
    for b in bricks:
        for k, v in gfid_map(b).items():
            gm.setdefault(k, v)
    post_idx = {f"brick{i}": list_indices(b) for i, b in enumerate(bricks)}

    def mapped_indices(idx, tree_pred):
        out = {}
        for bk, ix in idx.items():
            o = {"xattrop": [], "dirty": [], "entry_changes": {}}
            for kind in ("xattrop", "dirty"):
                for g in ix[kind]:
                    p = gm.get(g)
                    if tree_pred is None or p is None or tree_pred(p):
                        o[kind].append(p if p else g)
            for g, names in ix["entry_changes"].items():
                p = gm.get(g)
                if tree_pred is None or p is None or tree_pred(p):
                    o["entry_changes"][p if p else g] = names
            o["xattrop"].sort(); o["dirty"].sort()
            o["entry_changes"] = dict(sorted(o["entry_changes"].items()))
            if tree_pred is None:
                o["base_files"] = ix["base_files"]
            out[bk] = o
        return out

    data["volumes"].append({
        "volume": vol, "layout": desc, "down_brick_index": down, "down_brick_pid": pid,
        "bricks": [f"server{i+1}:{b}" for i, b in enumerate(bricks)],
        "indices_before_kill": mapped_indices(pre_idx, None),
        "indices_after_fops": mapped_indices(post_idx, None),
        "gfid_map": gm,
    })

    def make_case(name, cmd, paths, tree, res, dn):
        T = tree
        plist = []
        for p in paths + [f"{T}/d", f"{T}/e" if "cross" in name else None, T, "/"]:
            if not p:
                continue
            p = p.replace("$T", T)
            if p not in plist:
                plist.append(p)
        rec = {}
        for p in plist:
            rec[p] = {f"brick{i}": capture_path(b + p) for i, b in enumerate(bricks)}
        pred = (lambda p: True) if not tree else (lambda p: p == tree or p.startswith(tree + "/"))
        return {
            "layout": desc, "volume": vol,
            "down_brick_index": dn, "fop": name,
            "command": cmd.replace("$T", T), "tree_root": T or "/",
            "result": res,
            "pending_key_names": {f"brick{i}": f"trusted.afr.{client(i)}" for i in range(n)},
            "paths": rec,
            "indices": mapped_indices(post_idx, pred),
        }
    for name, prep, cmd, paths, tree in base:
        data[key].append(make_case(name, cmd, paths, tree, base_res[name], None))
    for name, prep, cmd, paths, tree in fops:
        data[key].append(make_case(name, cmd, paths, tree, down_res[name], down))
    save(data)
    cleanup_volume(vol)
    print(f"    saved {len(fops) + len(base)} cases", flush=True)

def mode_fops():
    data = load_out()
    for lk, down in ORDER:
        if FILTER and f"{lk}:{down}" not in FILTER:
            continue
        try:
            run_layout(data, lk, down)
        except Exception as e:
            print("FAILED", lk, down, e, flush=True)
            cleanup_volume(f"ha{lk}d{down}")
            raise

CROSSCHECK_FOPS = ["create", "mkdir", "rename_file_cross_dir", "unlink", "setattr_chmod",
                   "write_overwrite", "fallocate", "symlink"]

def mode_crosscheck():
    data = load_out()
    data["crosscheck_method"] = ("replica 3, brick index 2 down: ONE FRESH VOLUME PER CASE, tree at the "
        "volume root (/d, /d/f='hello', extras), otherwise identical to the fops method; used to "
        "validate that the shared-volume method gives the same afr xattrs/indices")
    for i, name in enumerate(CROSSCHECK_FOPS):
        vol = f"haxc{i}"
        try:
            run_layout(data, "r3", 2, key="crosscheck_cases", only=[name], at_root=True,
                       vol=vol, with_baseline=False)
        except Exception:
            cleanup_volume(vol)
            raise

# ---------------------------------------------------------------- helpers for the studies
def afr_xattrs(p):
    """trusted.afr.*, trusted.gfid and user.* xattrs of p (no symlink following), None if absent"""
    if not os.path.lexists(p):
        return None
    o = {}
    for k in sorted(os.listxattr(p, follow_symlinks=False)):
        if k.startswith("trusted.afr.") or k == "trusted.gfid" or k.startswith("user."):
            o[k] = hexv(os.getxattr(p, k, follow_symlinks=False))
    return o

def mount_at(vol, mnt):
    os.makedirs(mnt, exist_ok=True)
    sh(f"mount -t glusterfs server1:/{vol} {mnt}")
    for _ in range(50):
        if sh(f"stat {mnt}", check=False).returncode == 0:
            break
        time.sleep(0.2)
    return mnt

def umount(mnt):
    if os.path.ismount(mnt):
        sh(f"umount {mnt}", check=False)

def mount_log(mnt):
    return "/var/log/glusterfs/" + mnt.strip("/").replace("/", "-") + ".log"

def n_connected(mnt, client):
    try:
        with open(mount_log(mnt), errors="replace") as f:
            return f.read().count(f"{client}: Connected")
    except FileNotFoundError:
        return 0

def restart_brick(vol, path, mnts, client):
    """volume start force; wait for Online Y and for every mount's log to show a new
    '<client>: Connected' line"""
    before = {m: n_connected(m, client) for m in mnts}
    gluster(f"volume start {vol} force")
    for _ in range(100):
        if brick_status(vol).get(path, ("?",))[0] == "Y":
            break
        time.sleep(0.2)
    for _ in range(150):
        if all(n_connected(m, client) > before[m] for m in mnts):
            break
        time.sleep(0.2)
    else:
        raise RuntimeError("client did not reconnect")
    time.sleep(1)

def create_volume_hosts(vol, repargs, n):
    """like create_volume but bricks cycle over server1..3 (for > 3 bricks)"""
    cleanup_volume(vol)
    os.makedirs(f"/bricks/ha/{vol}", exist_ok=True)
    spec = " ".join(f"server{i % 3 + 1}:/bricks/ha/{vol}/b{i}" for i in range(n))
    gluster(f"volume create {vol} {repargs} {spec} force")
    gluster(f"volume set {vol} cluster.self-heal-daemon off")
    gluster(f"volume start {vol}")
    return mount_at(vol, f"/mnt/{vol}"), spec

def run_probe(cmd, mnt):
    r = sh(cmd.replace("$M", mnt), check=False)
    return {"command": cmd.replace("$M", ""), "rc": r.returncode,
            "stdout": r.stdout.replace(mnt, "").strip(), "stderr": r.stderr.replace(mnt, "").strip()}

def run_probe_sets(vol, mountpoint, probes, bstate):
    """each probe set on its own fresh mount (no cached inodes from the previous one), bricks
    snapshotted after it"""
    done = []
    for title, cmds in probes:
        m = mount_at(vol, mountpoint)
        out = [run_probe(c, m) for c in cmds]
        umount(m)
        done.append({"title": title, "results": out, "brick_state_after": bstate()})
    return done

def store(key, value):
    data = load_out()
    data[key] = value
    save(data)

# ---------------------------------------------------------------- study: dir disagree
def mode_dir_disagree():
    vol = "hadd"; n = 6
    bricks = brick_dirs(vol, n)
    steps = []
    def step(s):
        steps.append(s); print("  ", s, flush=True)
    mnt, spec = create_volume_hosts(vol, "replica 3", n)
    m2 = "/mnt/hadd2"
    step(f"gluster --mode=script volume create {vol} replica 3 {spec} force; "
         f"gluster volume set {vol} cluster.self-heal-daemon off; gluster volume start {vol}; "
         f"mount -t glusterfs server1:/{vol} /mnt/{vol}")
    sh(f"mkdir {mnt}/sub"); sh("sync"); time.sleep(2)
    step("mkdir /sub (all bricks up); sleep 2")
    def listing(b, rel):
        p = b + rel
        return sorted(x for x in os.listdir(p) if x != ".glusterfs") if os.path.isdir(p) else None
    def snapshot():
        s = {}
        for i, b in enumerate(bricks):
            ec = f"{b}/.glusterfs/indices/entry-changes"
            s[f"brick{i}"] = {
                "replica_set": i // 3, "client": f"{vol}-client-{i}",
                "root_entries": listing(b, "/"), "sub_entries": listing(b, "/sub"),
                "root_xattrs": afr_xattrs(b + "/"), "sub_xattrs": afr_xattrs(b + "/sub"),
                "indices": {k: sorted(os.listdir(f"{b}/.glusterfs/indices/{k}"))
                            for k in ("xattrop", "dirty", "entry-changes")},
                "entry_changes_subdirs": {g: sorted(os.listdir(f"{ec}/{g}")) for g in os.listdir(ec)
                                          if os.path.isdir(f"{ec}/{g}")},
            }
        return s
    def mount_ls(m, tries=3):
        res = []
        for _ in range(tries):
            r1 = sh(f"ls -1 {m}", check=False); r2 = sh(f"ls -1 {m}/sub", check=False)
            res.append({k: {"rc": r.returncode, "count": len(r.stdout.split()), "names": r.stdout.split(),
                            "stderr": r.stderr.strip()} for k, r in (("root", r1), ("sub", r2))})
        return res
    result = {"gluster_version": sh("glusterfs --version").stdout.splitlines()[0], "volume": vol,
              "layout": "2 x 3 distributed-replicate (replica 3, 6 bricks; replica set 0 = bricks 0-2 = "
                        "client-0..2, set 1 = bricks 3-5), cluster.self-heal-daemon off, all other options "
                        "default (client-side data/metadata/entry self-heal are off by default in 10.3)",
              "bricks": spec.split(), "phases": [], "steps": steps}
    def phase(title, down, names):
        pid = kill_brick(vol, bricks[down])
        step(f"kill -9 glusterfsd of brick{down} ({bricks[down]}, pid {pid}); wait for volume status Online N; sleep 1")
        sh("cd %s && touch %s && cd sub && touch %s" % (mnt, " ".join(names), " ".join(names)))
        time.sleep(3)
        step(f"cd /mnt/{vol} && touch {names[0]}..{names[-1]} && cd sub && touch {names[0]}..{names[-1]}; sleep 3")
        ph = {"phase": title, "state_while_down": snapshot()}
        restart_brick(vol, bricks[down], [mnt], f"{vol}-client-{down}")
        step(f"gluster volume start {vol} force; wait for brick{down} Online Y and for the mount log to "
             f"show a new '{vol}-client-{down}: Connected'; sleep 1")
        ph["state_after_restart"] = snapshot()
        ph["ls_on_original_mount"] = mount_ls(mnt)
        mount_at(vol, m2)
        ph["ls_on_fresh_mount"] = mount_ls(m2)
        umount(m2)
        ph["state_after_ls"] = snapshot()
        step("ls -1 / and ls -1 /sub three times on the original mount, then three times on a fresh "
             "second mount (/mnt/hadd2, unmounted after); snapshot bricks again")
        result["phases"].append(ph)
        with open(OUT_DD, "w") as f:
            json.dump(result, f, indent=1)
    try:
        phase("A: brick0 (replica set 0) was down while 30 files were created in / and /sub; brick0 restarted",
              0, [f"f{i:02d}" for i in range(1, 31)])
        phase("B: after A, brick1 (same replica set) was down while 5 more files were created in / and /sub; "
              "brick1 restarted", 1, [f"g{i:02d}" for i in range(1, 6)])
    finally:
        umount(m2)
        cleanup_volume(vol)
    step("umount, volume stop/delete, rm -rf bricks")
    with open(OUT_DD, "w") as f:
        json.dump(result, f, indent=1)

# ---------------------------------------------------------------- study: split-brain reads
def mode_split_brain():
    vol = "hasb"; n = 2
    bricks = brick_dirs(vol, n)
    steps = []
    def step(s):
        steps.append(s); print("  ", s, flush=True)
    mnt = create_volume(vol, "replica 2", n)
    step(f"gluster --mode=script volume create {vol} replica 2 server1:{bricks[0]} server2:{bricks[1]} force; "
         f"volume set {vol} cluster.self-heal-daemon off; volume start; mount -t glusterfs server1:/{vol} "
         f"/mnt/{vol}   (replica 2 => default cluster.quorum-type is none)")
    paths = ["/d1", "/d1/f", "/d2", "/d2/m", "/e", "/e/a", "/e/b", "/e/k"]
    def bstate():
        o = {}
        for p in paths:
            o[p] = {}
            for i, b in enumerate(bricks):
                q = b + p; x = afr_xattrs(q)
                o[p][f"brick{i}"] = {"exists": x is not None, "xattrs": x,
                    "mode": oct(os.lstat(q).st_mode & 0o7777) if x is not None else None,
                    "content": open(q).read() if x is not None and os.path.isfile(q) else None,
                    "entries": sorted(os.listdir(q)) if x is not None and os.path.isdir(q) else None}
        return o
    try:
        sh(f"cd {mnt} && mkdir d1 d2 e && echo hello > d1/f && echo hello > d2/m && "
           f"setfattr -n user.k -v v d1/f && setfattr -n user.k -v v d2/m && echo keep > e/k")
        sh("sync"); time.sleep(2)
        step("all up: mkdir /d1 /d2 /e; echo hello > /d1/f; echo hello > /d2/m; setfattr -n user.k -v v "
             "/d1/f /d2/m; echo keep > /e/k; sleep 2")
        for down, data_, mode_, newf in ((0, "AAAA", "600", "a"), (1, "BBBBBB", "640", "b")):
            pid = kill_brick(vol, bricks[down])
            step(f"kill -9 brick{down} (pid {pid}); wait Online N")
            sh(f"cd {mnt} && echo {data_} > d1/f && chmod {mode_} d2/m && touch e/{newf}"); time.sleep(2)
            step(f"echo {data_} > /d1/f; chmod {mode_} /d2/m; touch /e/{newf}; sleep 2")
            restart_brick(vol, bricks[down], [mnt], f"{vol}-client-{down}")
            step(f"gluster volume start {vol} force; wait brick{down} Online Y and mount log "
                 f"'{vol}-client-{down}: Connected'")
        umount(mnt)
        step(f"umount /mnt/{vol}; every probe below runs on its OWN fresh mount (mount, probe, umount), "
             "and the bricks are snapshotted after each probe")
        res = {"gluster_version": sh("glusterfs --version").stdout.splitlines()[0], "volume": vol,
               "layout": "replica 2, cluster.self-heal-daemon off, other options default",
               "bricks": [f"server{i+1}:{b}" for i, b in enumerate(bricks)],
               "brick_state_before_probes": bstate(), "probes": [], "steps": steps}
        PROBES = [
            ("data split-brain file /d1/f", [
                "stat -c '%s %a' $M/d1/f", "getfattr -n user.k $M/d1/f", "cat $M/d1/f", "ls -l $M/d1",
                "getfattr -n replica.split-brain-status $M/d1/f", "getfattr -d -m . $M/d1/f",
                "dd if=$M/d1/f bs=1 count=1 status=none"]),
            ("metadata split-brain file /d2/m", [
                "stat -c '%s %a' $M/d2/m", "cat $M/d2/m", "getfattr -n user.k $M/d2/m", "ls -l $M/d2",
                "getfattr -n replica.split-brain-status $M/d2/m", "getfattr -d -m . $M/d2/m"]),
            ("entry split-brain dir /e (readdir / dir-level probes only, no per-name lookups)", [
                "ls -1 $M/e", "stat -c '%F %a' $M/e", "getfattr -n replica.split-brain-status $M/e",
                "ls -1 $M/e"]),
            ("entry split-brain dir /e: ls -l (readdir + lstat of each listed name)", ["ls -l $M/e"]),
            ("entry split-brain dir /e: named lookups of each name", [
                "stat -c %s $M/e/a", "stat -c %s $M/e/b", "cat $M/e/k", "ls -1 $M/e"]),
        ]
        res["probes"] = run_probe_sets(vol, "/mnt/hasbp", PROBES, bstate)
        heal = gluster(f"volume heal {vol} info split-brain", check=False)
        res["heal_info_split_brain"] = heal.stdout
        store("split_brain_reads", res)
    finally:
        umount("/mnt/hasbp")
        cleanup_volume(vol)

# ---------------------------------------------------------------- study: name heal on lookup
def mode_name_heal():
    vol = "hanh"; n = 3
    bricks = brick_dirs(vol, n)
    steps = []
    def step(s):
        steps.append(s); print("  ", s, flush=True)
    mnt = create_volume(vol, "replica 3", n)
    step(f"replica 3 volume {vol}, cluster.self-heal-daemon off, other options default; FUSE mount")
    paths = ["/d", "/d/f", "/d/new", "/d/nd", "/d/g", "/d/h"]
    def bstate():
        o = {}
        for p in paths:
            o[p] = {}
            for i, b in enumerate(bricks):
                q = b + p; x = afr_xattrs(q)
                o[p][f"brick{i}"] = {"exists": x is not None, "xattrs": x,
                    "content": open(q).read() if x is not None and os.path.isfile(q) else None}
        o["indices"] = {f"brick{i}": list_indices(b) for i, b in enumerate(bricks)}
        return o
    try:
        sh(f"cd {mnt} && mkdir d && echo hello > d/f && echo hello > d/g && echo hello > d/h"); sh("sync"); time.sleep(2)
        step("all up: mkdir /d; echo hello > /d/f /d/g /d/h; sleep 2")
        pid = kill_brick(vol, bricks[2])
        step(f"kill -9 brick2 (pid {pid}); wait Online N")
        sh(f"cd {mnt} && touch d/new && mkdir d/nd && rm d/f && echo changed > d/g && chmod 600 d/h"); time.sleep(2)
        step("touch /d/new; mkdir /d/nd; rm /d/f; echo changed > /d/g; chmod 600 /d/h; sleep 2")
        restart_brick(vol, bricks[2], [mnt], f"{vol}-client-2")
        umount(mnt)
        step(f"gluster volume start {vol} force; wait Online Y + client-2 Connected; umount. Each probe "
             "below runs on its own fresh mount; bricks snapshotted after each probe")
        res = {"gluster_version": sh("glusterfs --version").stdout.splitlines()[0], "volume": vol,
               "bricks": [f"server{i+1}:{b}" for i, b in enumerate(bricks)],
               "brick_state_before_probes": bstate(), "probes": [], "steps": steps}
        PROBES = [
            ("readdir only", ["ls -1 $M/d"]),
            ("stat of dir /d", ["stat -c '%F' $M/d"]),
            ("named lookup of /d/new (created while brick2 down)", ["stat -c %s $M/d/new"]),
            ("named lookup of /d/nd (mkdir while brick2 down)", ["stat -c %F $M/d/nd"]),
            ("named lookup of /d/f (unlinked while brick2 down; only brick2 still has it)", ["stat -c %s $M/d/f"]),
            ("read of /d/g (data pending against brick2)", ["cat $M/d/g"]),
            ("stat of /d/h (metadata pending against brick2)", ["stat -c %a $M/d/h"]),
            ("ls -l /d", ["ls -l $M/d"]),
        ]
        res["probes"] = run_probe_sets(vol, "/mnt/hanhp", PROBES, bstate)
        store("lookup_name_heal", res)
    finally:
        umount("/mnt/hanhp")
        cleanup_volume(vol)

# ---------------------------------------------------------------- study: counter increments
def mode_counters():
    """how much one command / sequence bumps the pending counter (replica 3, brick 2 down)"""
    vol = "hacnt"; n = 3
    bricks = brick_dirs(vol, n)
    PY = "python3 -c \"import os,time;fd=os.open('F',os.O_RDWR);%s;os.close(fd)\""
    CMDS = [
        ("util-linux fallocate -l 8192 (=fallocate(2)+fsync(2))", "fallocate -l 8192 F"),
        ("util-linux fallocate -l 4 (inside size)", "fallocate -l 4 F"),
        ("util-linux fallocate -n -l 8192 (keep size)", "fallocate -n -l 8192 F"),
        ("util-linux fallocate -p -o 0 -l 2 (punch hole)", "fallocate -p -o 0 -l 2 F"),
        ("util-linux fallocate -z -o 0 -l 2 (zero range)", "fallocate -z -o 0 -l 2 F"),
        ("posix_fallocate only", PY % "os.posix_fallocate(fd,0,8192)"),
        ("posix_fallocate then fsync", PY % "os.posix_fallocate(fd,0,8192);os.fsync(fd)"),
        ("posix_fallocate then pwrite", PY % "os.posix_fallocate(fd,0,8192);os.pwrite(fd,b'x',0)"),
        ("posix_fallocate, sleep 3, close", PY % "os.posix_fallocate(fd,0,8192);time.sleep(3)"),
        ("3 pwrites on one fd", PY % "[os.pwrite(fd,b'x',i) for i in range(3)]"),
        ("pwrite, fsync, pwrite on one fd", PY % "os.pwrite(fd,b'x',0);os.fsync(fd);os.pwrite(fd,b'y',1)"),
        ("pwrite then fsync", PY % "os.pwrite(fd,b'x',0);os.fsync(fd)"),
        ("ftruncate then pwrite on one fd", PY % "os.ftruncate(fd,3);os.pwrite(fd,b'x',0)"),
        ("dd bs=1 count=2 conv=notrunc (two 1-byte writes)", "printf HE | dd of=F bs=1 count=2 conv=notrunc status=none"),
        ("two separate appends (echo >> twice)", "echo a >> F; echo b >> F"),
        ("two separate appends 2s apart", "echo a >> F; sleep 2; echo b >> F"),
        ("truncate -s 8192 (extend)", "truncate -s 8192 F"),
        ("two truncates", "truncate -s 3 F; truncate -s 2 F"),
        ("two chmods", "chmod 600 F; chmod 640 F"),
        ("chmod then setfattr", "chmod 600 F; setfattr -n user.k -v v F"),
        ("write then chmod", "echo x >> F; chmod 600 F"),
    ]
    mnt = create_volume(vol, "replica 3", n)
    try:
        for i, _ in enumerate(CMDS):
            sh(f"echo hello > {mnt}/c{i}")
        sh("sync"); time.sleep(2)
        pid = kill_brick(vol, bricks[2])
        out = []
        for i, (title, cmd) in enumerate(CMDS):
            r = sh(cmd.replace("F", f"{mnt}/c{i}"), check=False)
            out.append({"title": title, "command": cmd.replace("F", f"/c{i}"), "rc": r.returncode,
                        "stderr": r.stderr.strip().replace(mnt, "")})
        time.sleep(4)
        for i, o in enumerate(out):
            o["brick0_xattrs"] = afr_xattrs(f"{bricks[0]}/c{i}")
            o[f"trusted.afr.{vol}-client-2"] = o["brick0_xattrs"].get(f"trusted.afr.{vol}-client-2")
        store("counter_experiments", {
            "setup": "replica 3, shd off, other options default; each command on its own file /cN "
                     "('hello', written with all bricks up, settled 2s); brick2 kill -9'd; commands run; "
                     "sleep 4; brick0 xattrs read (brick1 identical)",
            "results": out})
    finally:
        cleanup_volume(vol)

MODES = {"fops": mode_fops, "crosscheck": mode_crosscheck, "dir-disagree": mode_dir_disagree,
         "split-brain": mode_split_brain, "name-heal": mode_name_heal,
         "counters": mode_counters}
if MODE == "all":
    for k in ("fops", "crosscheck", "dir-disagree", "split-brain", "name-heal", "counters"):
        FILTER = []
        MODES[k]()
else:
    MODES[MODE]()
PYEOF
