/*
 * A thin libfuse3 low-level layer: the kernel's requests go to JavaScript, JavaScript's answers
 * go back to the kernel. One thread runs libfuse's session loop; each request it reads becomes a
 * message queued to the JS thread (a threadsafe function) and the loop goes on reading without
 * waiting: the low-level API lets a request be answered later and from any thread, so the JS side
 * answers with fuseReply* once the volume's graph has done the work.
 *
 * JS API:
 *   fuseMount(mountpoint, options, handler[, readdirplus]) -> session   options: libfuse "-o" string
 *   fuseUnmount(session)        detach the mount: the loop then ends (handler gets {op:'exit'})
 *   fuseFinish(session)         after 'exit': join the loop thread, free the session
 *   fuseReplyErr(req, errno)
 *   fuseReplyEntry(req, Float64Array[ENTRY_LEN]) / fuseReplyCreate(req, entry, fh, openFlags)
 *   fuseReplyAttr(req, Float64Array[ATTR_LEN], timeout)
 *   fuseReplyOpen(req, fh, openFlags) / fuseReplyBuf(req, Buffer) / fuseReplyWrite(req, count)
 *   fuseReplyLseek(req, offset) / fuseReplyLock(req, type, start, len, pid)
 *   fuseReplyReadlink(req, string) / fuseReplyXattr(req, size)
 *   fuseReplyStatfs(req, Float64Array[8]) / fuseReplyDir(req, plus, size, entries)
 * A request is a number (the fuse_req_t's address); JS answers each exactly once.
 */
#define NAPI_VERSION 8
#define FUSE_USE_VERSION 34
#include <node_api.h>

#include "addon.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#ifdef TG_HAVE_FUSE3
#include <fuse_lowlevel.h>

/* attr layout shared with src/mount/fuse-attr.ts */
enum { A_INO, A_MODE, A_NLINK, A_UID, A_GID, A_RDEV, A_SIZE, A_BLOCKS, A_ATIME, A_ATIME_NS, A_MTIME, A_MTIME_NS, A_CTIME, A_CTIME_NS, A_BLKSIZE, ATTR_LEN };
/* entry layout: these four, then an attr */
enum { E_NODEID, E_GENERATION, E_ATTR_TIMEOUT, E_ENTRY_TIMEOUT, ENTRY_HEAD };

typedef struct session {
  struct fuse_session *se;
  pthread_t thread;
  bool started, unmounted;
  /* the client's --use-readdirp=no: the kernel lists with READDIR, never READDIRPLUS */
  bool no_readdirplus;
  napi_threadsafe_function tsfn;
  char *mountpoint;
} session_t;

/* One request on its way to JS. Strings and data are owned (copied out of libfuse's buffer). */
typedef struct msg {
  const char *op;
  fuse_req_t req;
  uint64_t ino, ino2, fh, nlookup;
  char *name, *name2, *data;
  size_t size, datalen;
  int64_t off;
  int flags, to_set, datasync;
  uint32_t mode, umask;
  uint64_t rdev;
  struct stat attr;
  uint32_t uid, gid, pid;
  bool has_attr;
  /* record locks: the kernel's lock owner, and the lock (struct flock's type, start, len, pid) */
  bool has_owner, flock_release;
  uint64_t owner;
  int lk_type, lk_sleep;
  int64_t lk_start, lk_len;
  uint32_t lk_pid;
} msg_t;

static msg_t *msg_new(const char *op, fuse_req_t req, fuse_ino_t ino) {
  msg_t *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->op = op;
  m->req = req;
  m->ino = ino;
  if (req) {
    const struct fuse_ctx *c = fuse_req_ctx(req);
    m->uid = c->uid;
    m->gid = c->gid;
    m->pid = c->pid;
    m->umask = c->umask;
  }
  return m;
}

static void msg_free(msg_t *m) {
  free(m->name);
  free(m->name2);
  free(m->data);
  free(m);
}

static void send_msg(fuse_req_t req, msg_t *m) {
  session_t *s = fuse_req_userdata(req);
  if (!m || napi_call_threadsafe_function(s->tsfn, m, napi_tsfn_nonblocking) != napi_ok) {
    if (m) msg_free(m);
    fuse_reply_err(req, ENOMEM);
  }
}

static char *dup_str(const char *s) { return s ? strdup(s) : NULL; }

/* Copies a request's payload into the message; frees the message and answers NULL when out of memory. */
static msg_t *msg_take(msg_t *m, const char *data, size_t size) {
  if (!m) return NULL;
  m->data = malloc(size ? size : 1);
  if (!m->data) {
    msg_free(m);
    return NULL;
  }
  memcpy(m->data, data, size);
  m->datalen = size;
  return m;
}

/* ---- the loop thread's side: one function per request kind ------------------------------- */

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name) {
  msg_t *m = msg_new("lookup", req, parent);
  if (m) m->name = dup_str(name);
  send_msg(req, m);
}

static void forget_one(session_t *s, fuse_ino_t ino, uint64_t n) {
  msg_t *m = msg_new("forget", NULL, ino);
  if (!m) return;
  m->nlookup = n;
  if (napi_call_threadsafe_function(s->tsfn, m, napi_tsfn_nonblocking) != napi_ok) msg_free(m);
}

static void op_forget(fuse_req_t req, fuse_ino_t ino, uint64_t n) {
  forget_one(fuse_req_userdata(req), ino, n);
  fuse_reply_none(req);
}

static void op_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets) {
  session_t *s = fuse_req_userdata(req);
  for (size_t i = 0; i < count; i++) forget_one(s, forgets[i].ino, forgets[i].nlookup);
  fuse_reply_none(req);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  msg_t *m = msg_new("getattr", req, ino);
  if (m && fi) m->fh = fi->fh;
  send_msg(req, m);
}

static void op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set, struct fuse_file_info *fi) {
  msg_t *m = msg_new("setattr", req, ino);
  if (m) {
    m->attr = *attr;
    m->has_attr = true;
    m->to_set = to_set;
    if (fi) m->fh = fi->fh;
  }
  send_msg(req, m);
}

static void op_readlink(fuse_req_t req, fuse_ino_t ino) { send_msg(req, msg_new("readlink", req, ino)); }

static void op_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev) {
  msg_t *m = msg_new("mknod", req, parent);
  if (m) {
    m->name = dup_str(name);
    m->mode = mode;
    m->rdev = rdev;
  }
  send_msg(req, m);
}

static void op_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode) {
  msg_t *m = msg_new("mkdir", req, parent);
  if (m) {
    m->name = dup_str(name);
    m->mode = mode;
  }
  send_msg(req, m);
}

static void op_named(const char *op, fuse_req_t req, fuse_ino_t parent, const char *name) {
  msg_t *m = msg_new(op, req, parent);
  if (m) m->name = dup_str(name);
  send_msg(req, m);
}

static void op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name) { op_named("unlink", req, parent, name); }
static void op_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name) { op_named("rmdir", req, parent, name); }

static void op_symlink(fuse_req_t req, const char *link, fuse_ino_t parent, const char *name) {
  msg_t *m = msg_new("symlink", req, parent);
  if (m) {
    m->name = dup_str(name);
    m->name2 = dup_str(link);
  }
  send_msg(req, m);
}

static void op_rename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent, const char *newname, unsigned int flags) {
  msg_t *m = msg_new("rename", req, parent);
  if (m) {
    m->name = dup_str(name);
    m->ino2 = newparent;
    m->name2 = dup_str(newname);
    m->flags = (int)flags;
  }
  send_msg(req, m);
}

static void op_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent, const char *newname) {
  msg_t *m = msg_new("link", req, ino);
  if (m) {
    m->ino2 = newparent;
    m->name = dup_str(newname);
  }
  send_msg(req, m);
}

static void op_with_fi(const char *op, fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  msg_t *m = msg_new(op, req, ino);
  if (m && fi) {
    m->fh = fi->fh;
    m->flags = fi->flags;
    /* flush: the owner whose record locks a close drops; release: a flock's owner, when it held one */
    m->has_owner = true;
    m->owner = fi->lock_owner;
    m->flock_release = fi->flock_release;
  }
  send_msg(req, m);
}

static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) { op_with_fi("open", req, ino, fi); }
static void op_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) { op_with_fi("opendir", req, ino, fi); }
static void op_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) { op_with_fi("flush", req, ino, fi); }
static void op_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) { op_with_fi("release", req, ino, fi); }
static void op_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) { op_with_fi("releasedir", req, ino, fi); }

/* A request on an open file at an offset: size for read, whence (in flags) for lseek. */
static void op_at(const char *op, fuse_req_t req, fuse_ino_t ino, off_t off, size_t size, int flags, struct fuse_file_info *fi) {
  msg_t *m = msg_new(op, req, ino);
  if (m) {
    m->fh = fi->fh;
    m->size = size;
    m->off = off;
    m->flags = flags;
  }
  send_msg(req, m);
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) { op_at("read", req, ino, off, size, 0, fi); }

static void op_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
  msg_t *m = msg_new("write", req, ino);
  if (m) {
    m->fh = fi->fh;
    m->off = off;
    m->flags = fi->flags;
  }
  send_msg(req, msg_take(m, buf, size));
}

static void op_fsync_kind(const char *op, fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi) {
  msg_t *m = msg_new(op, req, ino);
  if (m) {
    m->datasync = datasync;
    if (fi) m->fh = fi->fh;
  }
  send_msg(req, m);
}

static void op_fsync(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi) { op_fsync_kind("fsync", req, ino, datasync, fi); }
static void op_fsyncdir(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi) { op_fsync_kind("fsyncdir", req, ino, datasync, fi); }

static void op_readdir_kind(const char *op, fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
  msg_t *m = msg_new(op, req, ino);
  if (m) {
    m->fh = fi->fh;
    m->size = size;
    m->off = off;
  }
  send_msg(req, m);
}

static void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) { op_readdir_kind("readdir", req, ino, size, off, fi); }
static void op_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) { op_readdir_kind("readdirplus", req, ino, size, off, fi); }

static void op_statfs(fuse_req_t req, fuse_ino_t ino) { send_msg(req, msg_new("statfs", req, ino)); }

/* lseek with SEEK_DATA / SEEK_HOLE (the kernel answers SEEK_SET/CUR/END itself): whence in flags. */
static void op_lseek(fuse_req_t req, fuse_ino_t ino, off_t off, int whence, struct fuse_file_info *fi) { op_at("lseek", req, ino, off, 0, whence, fi); }

static void op_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name, const char *value, size_t size, int flags) {
  msg_t *m = msg_new("setxattr", req, ino);
  if (m) {
    m->name = dup_str(name);
    m->flags = flags;
  }
  send_msg(req, msg_take(m, value, size));
}

static void op_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size) {
  msg_t *m = msg_new("getxattr", req, ino);
  if (m) {
    m->name = dup_str(name);
    m->size = size;
  }
  send_msg(req, m);
}

static void op_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size) {
  msg_t *m = msg_new("listxattr", req, ino);
  if (m) m->size = size;
  send_msg(req, m);
}

static void op_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name) { op_named("removexattr", req, ino, name); }

static void op_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, struct fuse_file_info *fi) {
  msg_t *m = msg_new("create", req, parent);
  if (m) {
    m->name = dup_str(name);
    m->mode = mode;
    m->flags = fi->flags;
  }
  send_msg(req, m);
}

static void op_fallocate(fuse_req_t req, fuse_ino_t ino, int mode, off_t offset, off_t length, struct fuse_file_info *fi) {
  msg_t *m = msg_new("fallocate", req, ino);
  if (m) {
    m->flags = mode;
    m->off = offset;
    m->size = (size_t)length;
    m->fh = fi->fh;
  }
  send_msg(req, m);
}

/* ---- record locks (GlusterFS's fuse-bridge hands both fcntl and flock locks to the volume) -- */

static msg_t *lock_msg(const char *op, fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  msg_t *m = msg_new(op, req, ino);
  if (m) {
    m->fh = fi->fh;
    m->has_owner = true;
    m->owner = fi->lock_owner;
  }
  return m;
}

static void fill_lock(msg_t *m, const struct flock *lock) {
  m->lk_type = lock->l_type;
  m->lk_start = lock->l_start;
  m->lk_len = lock->l_len;
  m->lk_pid = (uint32_t)lock->l_pid;
}

/* A signal to a process waiting for a lock: JS stops waiting and answers EINTR. */
static void op_interrupted(fuse_req_t req, void *data) {
  session_t *s = data;
  msg_t *m = msg_new("interrupt", NULL, 0);
  if (!m) return;
  m->req = req;
  if (napi_call_threadsafe_function(s->tsfn, m, napi_tsfn_nonblocking) != napi_ok) msg_free(m);
}

static void send_lock_msg(fuse_req_t req, msg_t *m) {
  if (m && m->lk_sleep) fuse_req_interrupt_func(req, op_interrupted, fuse_req_userdata(req));
  send_msg(req, m);
}

static void op_getlk(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi, struct flock *lock) {
  msg_t *m = lock_msg("getlk", req, ino, fi);
  if (m) fill_lock(m, lock);
  send_msg(req, m);
}

static void op_setlk(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi, struct flock *lock, int sleep) {
  msg_t *m = lock_msg("setlk", req, ino, fi);
  if (m) {
    fill_lock(m, lock);
    m->lk_sleep = sleep;
  }
  send_lock_msg(req, m);
}

/* flock(2): a lock on the whole file (LOCK_SH read, LOCK_EX write, LOCK_UN unlock), as 10.3 sends it. */
static void op_flock(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi, int op) {
  msg_t *m = lock_msg("setlk", req, ino, fi);
  if (m) {
    m->lk_type = (op & LOCK_UN) ? F_UNLCK : (op & LOCK_EX) ? F_WRLCK : F_RDLCK;
    m->lk_pid = m->pid;
    m->lk_sleep = !(op & LOCK_NB) && !(op & LOCK_UN);
  }
  send_lock_msg(req, m);
}

static void op_init(void *userdata, struct fuse_conn_info *conn) {
  session_t *s = userdata;
  /* Directory listings come with attributes, as glusterfs's fuse-bridge offers them. */
  if (!s->no_readdirplus && (conn->capable & FUSE_CAP_READDIRPLUS)) conn->want |= FUSE_CAP_READDIRPLUS;
  if (s->no_readdirplus) conn->want &= ~FUSE_CAP_READDIRPLUS;
  conn->want &= ~FUSE_CAP_READDIRPLUS_AUTO;
  /* JS learns that the kernel and libfuse agreed: the mount is usable from now on. */
  msg_t *m = msg_new("init", NULL, 0);
  if (m && napi_call_threadsafe_function(s->tsfn, m, napi_tsfn_nonblocking) != napi_ok) msg_free(m);
}

static const struct fuse_lowlevel_ops ops = {
    .init = op_init,
    .lookup = op_lookup,
    .forget = op_forget,
    .forget_multi = op_forget_multi,
    .getattr = op_getattr,
    .setattr = op_setattr,
    .readlink = op_readlink,
    .mknod = op_mknod,
    .mkdir = op_mkdir,
    .unlink = op_unlink,
    .rmdir = op_rmdir,
    .symlink = op_symlink,
    .rename = op_rename,
    .link = op_link,
    .open = op_open,
    .read = op_read,
    .write = op_write,
    .flush = op_flush,
    .release = op_release,
    .fsync = op_fsync,
    .opendir = op_opendir,
    .readdir = op_readdir,
    .readdirplus = op_readdirplus,
    .releasedir = op_releasedir,
    .fsyncdir = op_fsyncdir,
    .statfs = op_statfs,
    .setxattr = op_setxattr,
    .getxattr = op_getxattr,
    .listxattr = op_listxattr,
    .removexattr = op_removexattr,
    .create = op_create,
    .fallocate = op_fallocate,
    .lseek = op_lseek,
    .getlk = op_getlk,
    .setlk = op_setlk,
    .flock = op_flock,
};

static void *loop_main(void *arg) {
  session_t *s = arg;
  fuse_session_loop(s->se);
  msg_t *m = msg_new("exit", NULL, 0);
  if (m && napi_call_threadsafe_function(s->tsfn, m, napi_tsfn_blocking) != napi_ok) msg_free(m);
  return NULL;
}

/* ---- the JS thread's side ------------------------------------------------------------------ */

static void set_num(napi_env env, napi_value obj, const char *key, double v) {
  napi_value n;
  napi_create_double(env, v, &n);
  napi_set_named_property(env, obj, key, n);
}

static void set_str(napi_env env, napi_value obj, const char *key, const char *v) {
  napi_value s;
  napi_create_string_utf8(env, v, NAPI_AUTO_LENGTH, &s);
  napi_set_named_property(env, obj, key, s);
}

static void free_data(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

static void call_js(napi_env env, napi_value handler, void *context, void *data) {
  (void)context;
  msg_t *m = data;
  if (!env) {
    msg_free(m);
    return;
  }
  napi_value obj;
  napi_create_object(env, &obj);
  set_str(env, obj, "op", m->op);
  set_num(env, obj, "req", (double)(uintptr_t)m->req);
  set_num(env, obj, "ino", (double)m->ino);
  if (m->ino2) set_num(env, obj, "ino2", (double)m->ino2);
  set_num(env, obj, "fh", (double)m->fh);
  set_num(env, obj, "flags", m->flags);
  set_num(env, obj, "mode", m->mode);
  set_num(env, obj, "rdev", (double)m->rdev);
  set_num(env, obj, "size", (double)m->size);
  set_num(env, obj, "off", (double)m->off);
  set_num(env, obj, "nlookup", (double)m->nlookup);
  set_num(env, obj, "datasync", m->datasync);
  set_num(env, obj, "uid", m->uid);
  set_num(env, obj, "gid", m->gid);
  set_num(env, obj, "pid", m->pid);
  if (m->has_owner) {
    char owner[17];
    snprintf(owner, sizeof owner, "%016llx", (unsigned long long)m->owner);
    set_str(env, obj, "owner", owner);
    if (m->flock_release) set_num(env, obj, "flockRelease", 1);
    set_num(env, obj, "lkType", m->lk_type);
    set_num(env, obj, "lkStart", (double)m->lk_start);
    set_num(env, obj, "lkLen", (double)m->lk_len);
    set_num(env, obj, "lkPid", m->lk_pid);
    set_num(env, obj, "lkSleep", m->lk_sleep);
  }
  if (m->name) set_str(env, obj, "name", m->name);
  if (m->name2) set_str(env, obj, "name2", m->name2);
  if (m->has_attr) {
    set_num(env, obj, "toSet", m->to_set);
    set_num(env, obj, "attrMode", m->attr.st_mode);
    set_num(env, obj, "attrUid", m->attr.st_uid);
    set_num(env, obj, "attrGid", m->attr.st_gid);
    set_num(env, obj, "attrSize", (double)m->attr.st_size);
    set_num(env, obj, "attrAtime", m->attr.st_atim.tv_sec);
    set_num(env, obj, "attrAtimeNs", m->attr.st_atim.tv_nsec);
    set_num(env, obj, "attrMtime", m->attr.st_mtim.tv_sec);
    set_num(env, obj, "attrMtimeNs", m->attr.st_mtim.tv_nsec);
  }
  if (m->data) {
    napi_value buf;
    napi_create_external_buffer(env, m->datalen, m->data, free_data, NULL, &buf);
    napi_set_named_property(env, obj, "data", buf);
    m->data = NULL; /* the buffer owns it now */
  }
  msg_free(m);
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, handler, 1, &obj, NULL);
}

static bool get_req(napi_env env, napi_value v, fuse_req_t *req) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || d <= 0) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "a FUSE request");
    return false;
  }
  *req = (fuse_req_t)(uintptr_t)d;
  return true;
}

static bool get_f64s(napi_env env, napi_value v, size_t want, double **out) {
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (napi_get_typedarray_info(env, v, &type, &len, &data, NULL, NULL) != napi_ok || type != napi_float64_array || len < want) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "a Float64Array of the expected length");
    return false;
  }
  *out = data;
  return true;
}

static void fill_stat(const double *a, struct stat *st) {
  memset(st, 0, sizeof *st);
  st->st_ino = (ino_t)a[A_INO];
  st->st_mode = (mode_t)a[A_MODE];
  st->st_nlink = (nlink_t)a[A_NLINK];
  st->st_uid = (uid_t)a[A_UID];
  st->st_gid = (gid_t)a[A_GID];
  st->st_rdev = (dev_t)a[A_RDEV];
  st->st_size = (off_t)a[A_SIZE];
  st->st_blocks = (blkcnt_t)a[A_BLOCKS];
  st->st_blksize = (blksize_t)a[A_BLKSIZE];
  st->st_atim.tv_sec = (time_t)a[A_ATIME];
  st->st_atim.tv_nsec = (long)a[A_ATIME_NS];
  st->st_mtim.tv_sec = (time_t)a[A_MTIME];
  st->st_mtim.tv_nsec = (long)a[A_MTIME_NS];
  st->st_ctim.tv_sec = (time_t)a[A_CTIME];
  st->st_ctim.tv_nsec = (long)a[A_CTIME_NS];
}

static void fill_entry(const double *e, struct fuse_entry_param *p) {
  memset(p, 0, sizeof *p);
  p->ino = (fuse_ino_t)e[E_NODEID];
  p->generation = (uint64_t)e[E_GENERATION];
  p->attr_timeout = e[E_ATTR_TIMEOUT];
  p->entry_timeout = e[E_ENTRY_TIMEOUT];
  fill_stat(e + ENTRY_HEAD, &p->attr);
}

#define ARGS(n)                                              \
  size_t argc = n;                                           \
  napi_value argv[n];                                        \
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);      \
  fuse_req_t req;                                            \
  if (argc < n || !get_req(env, argv[0], &req)) return NULL;

static int32_t arg_i32(napi_env env, napi_value v) {
  int32_t i = 0;
  napi_get_value_int32(env, v, &i);
  return i;
}

static double arg_f64(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

static napi_value reply_err(napi_env env, napi_callback_info info) {
  ARGS(2);
  fuse_reply_err(req, arg_i32(env, argv[1]));
  return NULL;
}

static napi_value reply_entry(napi_env env, napi_callback_info info) {
  ARGS(2);
  double *e;
  if (!get_f64s(env, argv[1], ENTRY_HEAD + ATTR_LEN, &e)) return NULL;
  struct fuse_entry_param p;
  fill_entry(e, &p);
  fuse_reply_entry(req, &p);
  return NULL;
}

static void fill_fi(napi_env env, napi_value fh, napi_value flags, struct fuse_file_info *fi) {
  memset(fi, 0, sizeof *fi);
  fi->fh = (uint64_t)arg_f64(env, fh);
  int32_t f = arg_i32(env, flags);
  fi->direct_io = (f & 1) != 0;
  fi->keep_cache = (f & 2) != 0;
}

static napi_value reply_create(napi_env env, napi_callback_info info) {
  ARGS(4);
  double *e;
  if (!get_f64s(env, argv[1], ENTRY_HEAD + ATTR_LEN, &e)) return NULL;
  struct fuse_entry_param p;
  fill_entry(e, &p);
  struct fuse_file_info fi;
  fill_fi(env, argv[2], argv[3], &fi);
  fuse_reply_create(req, &p, &fi);
  return NULL;
}

static napi_value reply_attr(napi_env env, napi_callback_info info) {
  ARGS(3);
  double *a;
  if (!get_f64s(env, argv[1], ATTR_LEN, &a)) return NULL;
  struct stat st;
  fill_stat(a, &st);
  fuse_reply_attr(req, &st, arg_f64(env, argv[2]));
  return NULL;
}

static napi_value reply_open(napi_env env, napi_callback_info info) {
  ARGS(3);
  struct fuse_file_info fi;
  fill_fi(env, argv[1], argv[2], &fi);
  fuse_reply_open(req, &fi);
  return NULL;
}

static napi_value reply_buf(napi_env env, napi_callback_info info) {
  ARGS(2);
  void *data = NULL;
  size_t len = 0;
  bool is_buf = false;
  napi_is_buffer(env, argv[1], &is_buf);
  if (is_buf) napi_get_buffer_info(env, argv[1], &data, &len);
  fuse_reply_buf(req, data, len);
  return NULL;
}

static napi_value reply_write(napi_env env, napi_callback_info info) {
  ARGS(2);
  fuse_reply_write(req, (size_t)arg_f64(env, argv[1]));
  return NULL;
}

/* getlk's answer: type 0 read, 1 write, 2 nothing conflicts; len 0 runs to the end. */
static napi_value reply_lock(napi_env env, napi_callback_info info) {
  ARGS(5);
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  int32_t type = arg_i32(env, argv[1]);
  fl.l_type = type == 0 ? F_RDLCK : type == 1 ? F_WRLCK : F_UNLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = (off_t)arg_f64(env, argv[2]);
  fl.l_len = (off_t)arg_f64(env, argv[3]);
  fl.l_pid = (pid_t)arg_i32(env, argv[4]);
  fuse_reply_lock(req, &fl);
  return NULL;
}

static napi_value reply_lseek(napi_env env, napi_callback_info info) {
  ARGS(2);
  fuse_reply_lseek(req, (off_t)arg_f64(env, argv[1]));
  return NULL;
}

static napi_value reply_xattr(napi_env env, napi_callback_info info) {
  ARGS(2);
  fuse_reply_xattr(req, (size_t)arg_f64(env, argv[1]));
  return NULL;
}

static napi_value reply_readlink(napi_env env, napi_callback_info info) {
  ARGS(2);
  size_t len = 0;
  napi_get_value_string_utf8(env, argv[1], NULL, 0, &len);
  char *s = malloc(len + 1);
  if (!s) {
    fuse_reply_err(req, ENOMEM);
    return NULL;
  }
  napi_get_value_string_utf8(env, argv[1], s, len + 1, &len);
  fuse_reply_readlink(req, s);
  free(s);
  return NULL;
}

static napi_value reply_statfs(napi_env env, napi_callback_info info) {
  ARGS(2);
  double *a;
  if (!get_f64s(env, argv[1], 8, &a)) return NULL;
  struct statvfs sv;
  memset(&sv, 0, sizeof sv);
  sv.f_bsize = (unsigned long)a[0];
  sv.f_frsize = (unsigned long)a[1];
  sv.f_blocks = (fsblkcnt_t)a[2];
  sv.f_bfree = (fsblkcnt_t)a[3];
  sv.f_bavail = (fsblkcnt_t)a[4];
  sv.f_files = (fsfilcnt_t)a[5];
  sv.f_ffree = (fsfilcnt_t)a[6];
  sv.f_favail = (fsfilcnt_t)a[6];
  sv.f_namemax = (unsigned long)a[7];
  fuse_reply_statfs(req, &sv);
  return NULL;
}

/*
 * fuseReplyDir(req, plus, size, entries): entries is an array of [name, nextOffset, Float64Array]
 * (the Float64Array an entry for readdirplus, an attr for readdir). Fills at most `size` bytes;
 * returns how many entries fitted (the kernel asks again from the last one's offset).
 */
static napi_value reply_dir(napi_env env, napi_callback_info info) {
  ARGS(4);
  bool plus = false;
  napi_get_value_bool(env, argv[1], &plus);
  size_t size = (size_t)arg_f64(env, argv[2]);
  uint32_t n = 0;
  napi_get_array_length(env, argv[3], &n);
  char *buf = malloc(size ? size : 1);
  if (!buf) {
    fuse_reply_err(req, ENOMEM);
    return NULL;
  }
  size_t used = 0;
  uint32_t i;
  char name[1024];
  for (i = 0; i < n; i++) {
    napi_value item, v;
    napi_get_element(env, argv[3], i, &item);
    napi_get_element(env, item, 0, &v);
    size_t nlen = 0;
    napi_get_value_string_utf8(env, v, name, sizeof name, &nlen);
    napi_get_element(env, item, 1, &v);
    off_t next = (off_t)arg_f64(env, v);
    napi_get_element(env, item, 2, &v);
    double *a;
    if (!get_f64s(env, v, plus ? ENTRY_HEAD + ATTR_LEN : ATTR_LEN, &a)) {
      free(buf);
      fuse_reply_err(req, EIO);
      return NULL;
    }
    size_t need;
    if (plus) {
      struct fuse_entry_param p;
      fill_entry(a, &p);
      need = fuse_add_direntry_plus(req, buf + used, size - used, name, &p, next);
    } else {
      struct stat st;
      fill_stat(a, &st);
      need = fuse_add_direntry(req, buf + used, size - used, name, &st, next);
    }
    if (need > size - used) break;
    used += need;
  }
  fuse_reply_buf(req, buf, used);
  free(buf);
  napi_value out;
  napi_create_uint32(env, i, &out);
  return out;
}

static void finalize_session(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  session_t *s = data;
  /* Only a session that never started or was finished is freed here. */
  if (!s->started) {
    free(s->mountpoint);
    free(s);
  }
}

static napi_value fuse_mount_fn(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char mp[4096], opts[4096];
  size_t len;
  bool plus = true;
  if (argc < 3 || napi_get_value_string_utf8(env, argv[0], mp, sizeof mp, &len) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], opts, sizeof opts, &len) != napi_ok ||
      (argc > 3 && napi_get_value_bool(env, argv[3], &plus) != napi_ok)) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "fuseMount(mountpoint, options, handler[, readdirplus])");
    return NULL;
  }
  session_t *s = calloc(1, sizeof *s);
  if (!s) return tg_throw_errno(env, ENOMEM, "fuse_mount", mp);
  s->no_readdirplus = !plus;
  char *fargv[] = {"tgluster", "-o", opts, NULL};
  struct fuse_args args = FUSE_ARGS_INIT(3, fargv);
  s->se = fuse_session_new(&args, &ops, sizeof ops, s);
  if (!s->se) {
    free(s);
    return tg_throw_errno(env, EINVAL, "fuse_session_new", opts);
  }
  if (fuse_session_mount(s->se, mp) != 0) {
    int err = errno ? errno : EIO;
    fuse_session_destroy(s->se);
    free(s);
    return tg_throw_errno(env, err, "mount", mp);
  }
  s->mountpoint = strdup(mp);
  napi_value name;
  napi_create_string_utf8(env, "tgluster-fuse", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, argv[2], NULL, name, 0, 1, NULL, NULL, NULL, call_js, &s->tsfn) != napi_ok) {
    fuse_session_unmount(s->se);
    fuse_session_destroy(s->se);
    free(s);
    return tg_throw_errno(env, EIO, "napi_create_threadsafe_function", mp);
  }
  if (pthread_create(&s->thread, NULL, loop_main, s) != 0) {
    napi_release_threadsafe_function(s->tsfn, napi_tsfn_abort);
    fuse_session_unmount(s->se);
    fuse_session_destroy(s->se);
    free(s);
    return tg_throw_errno(env, EAGAIN, "pthread_create", mp);
  }
  s->started = true;
  napi_value out;
  napi_create_external(env, s, finalize_session, NULL, &out);
  return out;
}

static session_t *get_session(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *p = NULL;
  if (argc < 1 || napi_get_value_external(env, argv[0], &p) != napi_ok || !p) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "a FUSE session");
    return NULL;
  }
  return p;
}

/* Detaches the mount (as umount -l would): the kernel then fails the loop's read and it ends. */
static napi_value fuse_unmount_fn(napi_env env, napi_callback_info info) {
  session_t *s = get_session(env, info);
  if (!s || s->unmounted || !s->started) return NULL;
  s->unmounted = true;
  fuse_session_exit(s->se);
  if (umount2(s->mountpoint, MNT_DETACH) != 0) return tg_throw_errno(env, errno, "umount2", s->mountpoint);
  return NULL;
}

static napi_value fuse_finish_fn(napi_env env, napi_callback_info info) {
  session_t *s = get_session(env, info);
  if (!s || !s->started) return NULL;
  pthread_join(s->thread, NULL);
  s->started = false;
  if (!s->unmounted) fuse_session_unmount(s->se);
  fuse_session_destroy(s->se);
  s->se = NULL;
  napi_release_threadsafe_function(s->tsfn, napi_tsfn_release);
  return NULL;
}

static napi_value available(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value t;
  napi_get_boolean(env, true, &t);
  return t;
}
#else
static napi_value available(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value f;
  napi_get_boolean(env, false, &f);
  return f;
}
#endif

void tg_export_fuse(napi_env env, napi_value exports, void (*export_fn)(napi_env, napi_value, const char *, napi_callback)) {
  export_fn(env, exports, "fuseAvailable", available);
#ifdef TG_HAVE_FUSE3
  export_fn(env, exports, "fuseMount", fuse_mount_fn);
  export_fn(env, exports, "fuseUnmount", fuse_unmount_fn);
  export_fn(env, exports, "fuseFinish", fuse_finish_fn);
  export_fn(env, exports, "fuseReplyErr", reply_err);
  export_fn(env, exports, "fuseReplyEntry", reply_entry);
  export_fn(env, exports, "fuseReplyCreate", reply_create);
  export_fn(env, exports, "fuseReplyAttr", reply_attr);
  export_fn(env, exports, "fuseReplyOpen", reply_open);
  export_fn(env, exports, "fuseReplyBuf", reply_buf);
  export_fn(env, exports, "fuseReplyWrite", reply_write);
  export_fn(env, exports, "fuseReplyLseek", reply_lseek);
  export_fn(env, exports, "fuseReplyLock", reply_lock);
  export_fn(env, exports, "fuseReplyXattr", reply_xattr);
  export_fn(env, exports, "fuseReplyReadlink", reply_readlink);
  export_fn(env, exports, "fuseReplyStatfs", reply_statfs);
  export_fn(env, exports, "fuseReplyDir", reply_dir);
#endif
}
