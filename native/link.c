/*
 * linkFd(fd, newPath): gives the file open on `fd` (an O_TMPFILE file, typically) the name
 * `newPath`, as linkat(2) does: with AT_EMPTY_PATH when the caller may (CAP_DAC_READ_SEARCH),
 * else through /proc/self/fd with AT_SYMLINK_FOLLOW. Node's fs.linkSync can do neither. Errors
 * throw as Node's fs does (EEXIST when the name is taken).
 *
 * A file written and given its xattrs before it has a name is never seen half made: a brick
 * creating a file with its first data (posix create with xdata.initialData) uses this.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include "addon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

napi_value tg_link_fd(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1;
  char path[4097];
  size_t len = 0;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], path, sizeof path, &len) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "linkFd(fd, newPath)");
    return NULL;
  }
  if (!tg_path_fits(env, path, sizeof path, len, "linkat", path)) return NULL;
  int r = linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH);
  if (r < 0 && (errno == ENOENT || errno == EPERM)) {
    /* Without CAP_DAC_READ_SEARCH AT_EMPTY_PATH answers ENOENT: the /proc way needs no privilege. */
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    r = linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
  }
  if (r < 0) return tg_throw_errno(env, errno, "linkat", path);
  return NULL;
}
