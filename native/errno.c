/* Node-style errors for the addon's failed syscalls, shaped like those of Node's own fs. */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include "addon.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* "ENOENT" for ENOENT; glibc >= 2.32 knows every name, elsewhere the common ones of a brick. */
static const char *errno_name(int err) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  return strerrorname_np(err);
#else
  switch (err) {
    case ENOENT: return "ENOENT";
    case ENOTDIR: return "ENOTDIR";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOMEM: return "ENOMEM";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENODATA: return "ENODATA";
    case EEXIST: return "EEXIST";
    case ERANGE: return "ERANGE";
    case ENOSPC: return "ENOSPC";
    case EDQUOT: return "EDQUOT";
    case ENOTSUP: return "ENOTSUP";
    case E2BIG: return "E2BIG";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case EIO: return "EIO";
    default: return NULL;
  }
#endif
}

napi_value tg_throw_errno(napi_env env, int err, const char *syscall, const char *path) {
  const char *code = errno_name(err);
  char msg[4200];
  snprintf(msg, sizeof msg, "%s: %s, %s '%s'", code ? code : "EIO", strerror(err), syscall, path);
  napi_value m, c, e, v;
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m);
  napi_create_string_utf8(env, code ? code : "EIO", NAPI_AUTO_LENGTH, &c);
  napi_create_error(env, c, m, &e);
  napi_create_int32(env, -err, &v);
  napi_set_named_property(env, e, "errno", v);
  napi_set_named_property(env, e, "code", c);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, e, "syscall", v);
  napi_create_string_utf8(env, path, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, e, "path", v);
  napi_throw(env, e);
  return NULL;
}

bool tg_path_fits(napi_env env, const char *buf, size_t size, size_t len, const char *syscall, const char *label) {
  if (len < size - 1 && strlen(buf) == len) return true;
  tg_throw_errno(env, len >= size - 1 ? ENAMETOOLONG : ENOENT, syscall, label);
  return false;
}
