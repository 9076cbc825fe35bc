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
#include <stdbool.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/*
 * Reads (path, n numbers) from the call's arguments into path[PATH_BYTES] and nums[n]; checks
 * the path as `syscall` would. false: an exception is pending.
 */
#define PATH_BYTES 4097
static bool path_and_numbers(napi_env env, napi_callback_info info, char *path, double *nums, size_t n, const char *syscall,
                             const char *usage) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  size_t len = 0;
  bool ok = argc >= n + 1 && napi_get_value_string_utf8(env, argv[0], path, PATH_BYTES, &len) == napi_ok;
  for (size_t i = 0; ok && i < n; i++) ok = napi_get_value_double(env, argv[i + 1], &nums[i]) == napi_ok;
  if (!ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", usage);
    return false;
  }
  return tg_path_fits(env, path, PATH_BYTES, len, syscall, path);
}

napi_value tg_mknod(napi_env env, napi_callback_info info) {
  char path[PATH_BYTES];
  double n[2];
  if (!path_and_numbers(env, info, path, n, 2, "mknod", "mknod(path, mode, dev)")) return NULL;
  if (mknod(path, (mode_t)n[0], (dev_t)n[1]) < 0) return tg_throw_errno(env, errno, "mknod", path);
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
 * seek(fd, offset, whence): lseek(2) with SEEK_DATA (3) or SEEK_HOLE (4), which Node's fs lacks:
 * where the next data or hole of a sparse file starts (ENXIO past the last data). The seek fop,
 * and heal and rebalance copying only a file's data.
 */
napi_value tg_seek(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1, whence = 0;
  double offset = 0;
  if (argc < 3 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_double(env, argv[1], &offset) != napi_ok ||
      napi_get_value_int32(env, argv[2], &whence) != napi_ok || (whence != SEEK_DATA && whence != SEEK_HOLE)) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "seek(fd, offset, SEEK_DATA | SEEK_HOLE)");
    return NULL;
  }
  off_t r = lseek(fd, (off_t)offset, whence);
  if (r < 0) return tg_throw_errno(env, errno, "lseek", "");
  napi_value out;
  napi_create_double(env, (double)r, &out);
  return out;
}

/*
 * utimens(path, atimeSec, atimeNsec, mtimeSec, mtimeNsec): utimensat(2) without following a
 * final symlink, to the nanosecond (Node's utimes goes through a double of seconds and keeps
 * about a microsecond): a healed copy gets its source's times exactly, as 10.3 sets them.
 */
napi_value tg_utimens(napi_env env, napi_callback_info info) {
  char path[PATH_BYTES];
  double t[4];
  if (!path_and_numbers(env, info, path, t, 4, "utimensat", "utimens(path, atimeSec, atimeNsec, mtimeSec, mtimeNsec)")) return NULL;
  struct timespec ts[2] = {{(time_t)t[0], (long)t[1]}, {(time_t)t[2], (long)t[3]}};
  if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) < 0) return tg_throw_errno(env, errno, "utimensat", path);
  return NULL;
}
