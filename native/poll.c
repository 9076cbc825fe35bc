/*
 * waitReadable(fd): blocks until `fd` has data, an end of file or an error to report (poll(2)
 * with no timeout), so that a reader that met EAGAIN on a non-blocking descriptor (a stdin pipe
 * shared with a parent that set O_NONBLOCK) waits in the kernel instead of spinning.
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include "addon.h"

#include <errno.h>
#include <poll.h>

napi_value tg_wait_readable(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "waitReadable(fd)");
    return NULL;
  }
  struct pollfd p = {.fd = fd, .events = POLLIN};
  int r;
  do {
    r = poll(&p, 1, -1);
  } while (r < 0 && errno == EINTR);
  if (r < 0) return tg_throw_errno(env, errno, "poll", "");
  return NULL;
}
