/*
 * mknod(path, mode, dev) and fallocate(fd, mode, offset, len): two system calls Node's fs lacks,
 * for posix's mknod fop (fifos, devices, sockets on the brick) and fallocate fop. Errors throw as
 * Node's fs does.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include "addon.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

napi_value tg_mknod(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char path[4097];
  size_t len = 0;
  uint32_t mode = 0;
  double dev = 0;
  if (argc < 3 || napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len) != napi_ok ||
      napi_get_value_uint32(env, argv[1], &mode) != napi_ok || napi_get_value_double(env, argv[2], &dev) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "mknod(path, mode, dev)");
    return NULL;
  }
  if (!tg_path_fits(env, path, sizeof path, len, "mknod", path)) return NULL;
  if (mknod(path, (mode_t)mode, (dev_t)dev) < 0) return tg_throw_errno(env, errno, "mknod", path);
  return NULL;
}

napi_value tg_fallocate(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1, mode = 0;
  double offset = 0, length = 0;
  if (argc < 4 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_int32(env, argv[1], &mode) != napi_ok ||
      napi_get_value_double(env, argv[2], &offset) != napi_ok || napi_get_value_double(env, argv[3], &length) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "fallocate(fd, mode, offset, length)");
    return NULL;
  }
  int r;
  do {
    r = fallocate(fd, mode, (off_t)offset, (off_t)length);
  } while (r < 0 && errno == EINTR);
  if (r < 0) return tg_throw_errno(env, errno, "fallocate", "");
  return NULL;
}

/*
 * utimens(path, atimeSec, atimeNsec, mtimeSec, mtimeNsec): utimensat(2) without following a
 * final symlink, to the nanosecond (Node's utimes goes through a double of seconds and keeps
 * about a microsecond): a healed copy gets its source's times exactly, as 10.3 sets them.
 */
napi_value tg_utimens(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char path[4097];
  size_t len = 0;
  double t[4] = {0, 0, 0, 0};
  bool ok = argc >= 5 && napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len) == napi_ok;
  for (int i = 0; ok && i < 4; i++) ok = napi_get_value_double(env, argv[i + 1], &t[i]) == napi_ok;
  if (!ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "utimens(path, atimeSec, atimeNsec, mtimeSec, mtimeNsec)");
    return NULL;
  }
  if (!tg_path_fits(env, path, sizeof path, len, "utimensat", path)) return NULL;
  struct timespec ts[2] = {{(time_t)t[0], (long)t[1]}, {(time_t)t[2], (long)t[3]}};
  if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) < 0) return tg_throw_errno(env, errno, "utimensat", path);
  return NULL;
}
