/*
 * lockKey(fd, key, mode): an exclusive open-file-description (OFD) lock on the byte of `fd`'s
 * file at a 62-bit hash of `key`. mode 1 waits for it, 2 tries (false when another holder has
 * it), 0 unlocks. Returns true otherwise; errors throw as Node's fs does.
 *
 * One file per brick then serves every key: a lock or unlock is one fcntl, with no lock file to
 * create, check and delete per key as with flock(2). OFD locks belong to the open file
 * description, so the kernel drops them when the holder dies (even by kill -9), and unlike
 * classic POSIX locks closing another descriptor of the file does not release them. Two keys
 * share a byte only on a 62-bit hash collision: a needless wait, never a missed exclusion.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include "addon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define KEY_BYTES 1024

/* FNV-1a, 64 bits, cut to 62 so that the offset is a positive off_t. */
static off_t key_offset(const char *key, size_t len) {
  uint64_t h = 14695981039346656037ULL;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)key[i];
    h *= 1099511628211ULL;
  }
  return (off_t)(h & 0x3fffffffffffffffULL);
}

/* fcntl(fd, cmd, fl) until it is not interrupted; -1 with errno set on failure. */
static int fcntl_lock(int fd, int cmd, struct flock *fl) {
  int r;
  do r = fcntl(fd, cmd, fl);
  while (r < 0 && errno == EINTR);
  return r;
}

/* A set: true when taken (or released), false when another holder conflicts; other errors throw. */
static napi_value set_lock(napi_env env, int fd, int cmd, struct flock *fl) {
  napi_value out;
  if (fcntl_lock(fd, cmd, fl) < 0) {
    if (cmd != F_OFD_SETLKW && (errno == EAGAIN || errno == EACCES)) {
      napi_get_boolean(env, false, &out);
      return out;
    }
    char label[32];
    snprintf(label, sizeof label, "fd %d", fd);
    return tg_throw_errno(env, errno, "fcntl", label);
  }
  napi_get_boolean(env, true, &out);
  return out;
}

napi_value tg_lock_key(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1, mode = -1;
  char key[KEY_BYTES];
  size_t len = 0;
  if (argc < 3 || napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], key, sizeof key, &len) != napi_ok ||
      napi_get_value_int32(env, argv[2], &mode) != napi_ok || mode < 0 || mode > 2) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "lockKey(fd, key, mode 0|1|2)");
    return NULL;
  }
  if (len >= sizeof key - 1) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "lockKey: key too long");
    return NULL;
  }
  struct flock fl;
  memset(&fl, 0, sizeof fl); /* l_pid must be 0 for OFD locks */
  fl.l_type = mode == 0 ? F_UNLCK : F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = key_offset(key, len);
  fl.l_len = 1;
  return set_lock(env, fd, mode == 1 ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
}

/*
 * posixLock(fd, cmd, type, start, len): the record locks of features/locks' posix domain, as OFD
 * locks on the brick's own file (one descriptor per lock owner, so owners conflict with each other
 * and an owner's own locks merge and split as POSIX says). cmd 0 asks (F_OFD_GETLK), 1 sets without
 * waiting (F_OFD_SETLK); type 0 read, 1 write, 2 unlock; len 0 runs to the end of the file.
 * Set answers true, or false when another owner holds a conflicting lock. Get answers null when
 * nothing conflicts, else [type, start, len] of a conflicting lock.
 */
napi_value tg_posix_lock(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1, cmd = -1, type = -1;
  int64_t start = -1, len = -1;
  if (argc < 5 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_int32(env, argv[1], &cmd) != napi_ok ||
      napi_get_value_int32(env, argv[2], &type) != napi_ok || napi_get_value_int64(env, argv[3], &start) != napi_ok ||
      napi_get_value_int64(env, argv[4], &len) != napi_ok || cmd < 0 || cmd > 1 || type < 0 || type > 2 || start < 0 || len < 0) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "posixLock(fd, cmd 0|1, type 0|1|2, start >= 0, len >= 0)");
    return NULL;
  }
  static const short types[] = {F_RDLCK, F_WRLCK, F_UNLCK};
  struct flock fl;
  memset(&fl, 0, sizeof fl); /* l_pid must be 0 for OFD locks */
  fl.l_type = types[type];
  fl.l_whence = SEEK_SET;
  fl.l_start = (off_t)start;
  fl.l_len = (off_t)len;
  if (cmd == 1) return set_lock(env, fd, F_OFD_SETLK, &fl);
  napi_value out;
  if (fcntl_lock(fd, F_OFD_GETLK, &fl) < 0) {
    char label[32];
    snprintf(label, sizeof label, "fd %d", fd);
    return tg_throw_errno(env, errno, "fcntl", label);
  }
  if (fl.l_type == F_UNLCK) {
    napi_get_null(env, &out);
    return out;
  }
  napi_value v;
  napi_create_array_with_length(env, 3, &out);
  napi_create_int32(env, fl.l_type == F_RDLCK ? 0 : 1, &v);
  napi_set_element(env, out, 0, v);
  napi_create_int64(env, (int64_t)fl.l_start, &v);
  napi_set_element(env, out, 1, v);
  napi_create_int64(env, (int64_t)fl.l_len, &v);
  napi_set_element(env, out, 2, v);
  return out;
}
