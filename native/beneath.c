/*
 * openBeneath(dirfd, path): an O_PATH descriptor of the directory `path` names below `dirfd`,
 * resolved by the kernel with openat2(2) RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS: no component may
 * be a symlink (ELOOP) and nothing may resolve outside `dirfd` (EXDEV), however the tree is
 * changed meanwhile. With dirfd AT_FDCWD and an absolute path, RESOLVE_NO_SYMLINKS alone: the
 * caller vouches that the path is a symlink-free real path without "." or ".." components, so
 * no component can lead elsewhere (one syscall instead of opening a root first).
 * Without openat2 (Linux < 5.6) it throws ENOSYS and the caller walks instead.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include "addon.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

napi_value tg_open_beneath(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t dirfd = -1;
  char path[4097];
  size_t len = 0;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &dirfd) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], path, sizeof path, &len) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "openBeneath(dirfd, path)");
    return NULL;
  }
  if (!tg_path_fits(env, path, sizeof path, len, "openat2", path)) return NULL;
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  if (dirfd != AT_FDCWD) how.resolve |= RESOLVE_BENEATH;
  else if (path[0] != '/') {
    errno = EINVAL;
    return tg_throw_errno(env, errno, "openat2", path);
  }
  long fd;
  do {
    fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return tg_throw_errno(env, errno, "openat2", path);
  napi_value out;
  napi_create_int32(env, (int32_t)fd, &out);
  return out;
}
