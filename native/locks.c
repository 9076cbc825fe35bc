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
  int cmd = mode == 1 ? F_OFD_SETLKW : F_OFD_SETLK;
  int r;
  do r = fcntl(fd, cmd, &fl);
  while (r < 0 && errno == EINTR);
  napi_value out;
  if (r < 0) {
    if (mode == 2 && (errno == EAGAIN || errno == EACCES)) {
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
