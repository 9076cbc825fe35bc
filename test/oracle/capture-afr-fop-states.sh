#!/usr/bin/env bash
# Capture what real GlusterFS (10.3) AFR leaves on the bricks when a modifying
# fop runs while one replica brick is down.
#
# Output: fixtures/reference/afr-fop-states.json (merged incrementally, so a
# partial run is still usable).
#
# Method ("per-volume, per-fop tree"): one fresh volume per (layout, down brick).
# Before the kill, every fop gets its own tree /<fop>/ prepared with all bricks
# up (/<fop>/d, /<fop>/d/f = 'hello', plus fop-specific extras).  Then the brick
# is killed (kill -9 of its glusterfsd), every fop runs once through the FUSE
# mount, each touching only its own tree, and after a settle delay the bricks
# are read directly (lgetxattr, no symlink following) for every relevant path.
# A few fops are also run with all bricks up (baseline, trees /base_<fop>/).
#
# Requirements: root, glusterd running, /etc/hosts maps server1..3 to 127.0.0.1.
# Only volumes named ha* and bricks under /bricks/ha/ are touched.
#
# Usage: capture-afr-fop-states.sh [OUT_JSON] [LAYOUT_FILTER...]
#   LAYOUT_FILTER entries look like r3:2 r2:1 r2:0 arb:1 arb:2 (layout:down brick)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/../../fixtures/reference/afr-fop-states.json}
shift || true
pgrep -x glusterd >/dev/null || glusterd
exec python3 - "$OUT" "$@" <<'PYEOF'
import json, os, subprocess, sys, time, re, shutil

OUT = os.path.abspath(sys.argv[1])
FILTER = sys.argv[2:]

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

def save(data):
    tmp = OUT + ".tmp"
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1, sort_keys=False)
    os.replace(tmp, OUT)

def run_layout(data, lk, down):
    desc, repargs, n, _ = LAYOUTS[lk]
    vol = f"ha{lk}d{down}"
    print(f"=== {desc} down={down} vol={vol}", flush=True)
    # remove previous results for this (layout, down)
    data["cases"] = [c for c in data["cases"] if not (c["layout"] == desc and
                     (c["down_brick_index"] == down or (c["down_brick_index"] is None and c.get("_vol") == vol)))]
    data["volumes"] = [v for v in data["volumes"] if v["volume"] != vol]
    do_baseline = not any(c["layout"] == desc and c["down_brick_index"] is None for c in data["cases"])
    bricks = brick_dirs(vol, n)
    mnt = create_volume(vol, repargs, n)
    client = lambda i: f"{vol}-client-{i}"
    fops = [(name, prep, cmd, paths, f"/{name}") for name, prep, cmd, paths in FOPS]
    base = [(name, prep, cmd, paths, f"/base_{name}") for name, prep, cmd, paths in FOPS
            if do_baseline and name in BASELINE_FOPS]
    # prepare all trees with all bricks up
    for name, prep, cmd, paths, tree in fops + base:
        T = mnt + tree
        sh(f"mkdir {T} {T}/d && echo hello > {T}/d/f")
        if prep:
            sh(prep.replace("$T", T))
    sh(f"sync; stat {mnt}/*/d/* >/dev/null 2>&1", check=False)
    results = []
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
            if p is None:
                continue
            p = p.replace("$T", T)
            if p not in plist:
                plist.append(p)
        rec = {}
        for p in plist:
            rec[p] = {f"brick{i}": capture_path(b + (p if p != "/" else "/")) for i, b in enumerate(bricks)}
        pred = lambda p: p == tree or p.startswith(tree + "/")
        return {
            "layout": desc, "volume": vol, "_vol": vol,
            "down_brick_index": dn, "fop": name,
            "command": cmd.replace("$T", T), "tree_root": T,
            "result": res,
            "pending_key_names": {f"brick{i}": f"trusted.afr.{client(i)}" for i in range(n)},
            "paths": rec,
            "indices": mapped_indices(post_idx, pred),
        }
    for name, prep, cmd, paths, tree in base:
        data["cases"].append(make_case(name, cmd, paths, tree, base_res[name], None))
    for name, prep, cmd, paths, tree in fops:
        data["cases"].append(make_case(name, cmd, paths, tree, down_res[name], down))
    save(data)
    cleanup_volume(vol)
    print(f"    saved {len(fops) + len(base)} cases", flush=True)

def main():
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

main()
PYEOF
