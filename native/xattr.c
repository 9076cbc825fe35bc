/*
 * Extended attributes in one syscall each: xattrGet, xattrSet, xattrRemove, xattrList (and
 * xattrAll: the list and every value, for a lookup).
 *
 * fs-xattr has no l*xattr calls, so reaching a symlink itself costs an O_PATH open, a call
 * through /proc/self/fd and a close, and every get is two getxattr calls (size, then value).
 * A replica create reads and writes a dozen keys per brick, so those extra calls were a large
 * part of it. Here:
 *   target  a path string: the object itself, never what a final symlink points to (l*xattr,
 *           as GlusterFS's posix does); or a descriptor number (f*xattr).
 *   xattrGet(target, name)            Buffer, or undefined when the key is absent (ENODATA is
 *                                     the common answer: no exception is built for it)
 *   xattrSet(target, name, value, flags)  flags: 0, 1 = XATTR_CREATE, 2 = XATTR_REPLACE
 *   xattrRemove(target, name)
 *   xattrList(target)                 the names, in the kernel's order
 *   xattrAll(target)                  [name, value, name, value, ...]
 * A value is read into a stack buffer first and only an unusually large one costs a second
 * call. Other errors throw as Node's fs does (code, errno, syscall, path).
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include "addon.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/xattr.h>

#define PATH_BYTES 4097
#define NAME_BYTES 257 /* XATTR_NAME_MAX (255) + NUL + one to detect longer names */
#define STACK_VALUE 4096

typedef struct {
  int fd; /* >= 0: a descriptor; else the path */
  char path[PATH_BYTES];
  char label[PATH_BYTES]; /* what errors name */
} target_t;

/* Reads argv[0] into t; on failure an exception is pending and false is returned. */
static bool read_target(napi_env env, napi_value v, target_t *t) {
  napi_valuetype type = napi_undefined;
  napi_typeof(env, v, &type);
  if (type == napi_number) {
    int32_t fd = -1;
    napi_get_value_int32(env, v, &fd);
    if (fd < 0) {
      tg_throw_errno(env, EBADF, "xattr", "fd");
      return false;
    }
    t->fd = fd;
    snprintf(t->label, sizeof t->label, "fd %d", fd);
    return true;
  }
  if (type != napi_string) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "xattr: the target must be a path or a descriptor");
    return false;
  }
  size_t len = 0;
  t->fd = -1;
  napi_get_value_string_utf8(env, v, t->path, sizeof t->path, &len);
  memcpy(t->label, t->path, len + 1);
  return tg_path_fits(env, t->path, sizeof t->path, len, "xattr", t->label);
}

static bool read_name(napi_env env, napi_value v, char *name, const target_t *t) {
  napi_valuetype type = napi_undefined;
  napi_typeof(env, v, &type);
  if (type != napi_string) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "xattr: the name must be a string");
    return false;
  }
  size_t len = 0;
  napi_get_value_string_utf8(env, v, name, NAME_BYTES, &len);
  if (len >= NAME_BYTES - 1) {
    tg_throw_errno(env, ERANGE, "xattr", t->label); /* what the kernel answers a long name */
    return false;
  }
  if (strlen(name) != len) {
    tg_throw_errno(env, EINVAL, "xattr", t->label);
    return false;
  }
  return true;
}

/* Reads up to argc arguments, requiring at least `need`; the target and name are parsed. */
static bool args(napi_env env, napi_callback_info info, size_t need, napi_value *argv, size_t argc, target_t *t,
                 char *name) {
  size_t got = argc;
  napi_get_cb_info(env, info, &got, argv, NULL, NULL);
  if (got < need) {
    napi_throw_type_error(env, "ERR_MISSING_ARGS", "xattr: missing arguments");
    return false;
  }
  if (!read_target(env, argv[0], t)) return false;
  return name == NULL || read_name(env, argv[1], name, t);
}

static ssize_t get_raw(const target_t *t, const char *name, void *buf, size_t n) {
  return t->fd >= 0 ? fgetxattr(t->fd, name, buf, n) : lgetxattr(t->path, name, buf, n);
}

static ssize_t list_raw(const target_t *t, char *buf, size_t n) {
  return t->fd >= 0 ? flistxattr(t->fd, buf, n) : llistxattr(t->path, buf, n);
}

/*
 * A value or a name list of unknown size: a stack buffer first, then (ERANGE) the size the
 * kernel reports, retried while the object changes under us. Returns the length, *out pointing
 * at `stack` or at a malloc'ed buffer the caller frees; -1 with errno set on failure.
 */
static ssize_t read_sized(const target_t *t, const char *name, char *stack, char **out) {
  *out = stack;
  ssize_t n = name ? get_raw(t, name, stack, STACK_VALUE) : list_raw(t, stack, STACK_VALUE);
  while (n < 0 && errno == ERANGE) {
    ssize_t size = name ? get_raw(t, name, NULL, 0) : list_raw(t, NULL, 0);
    if (size < 0) return -1;
    char *heap = malloc(size ? (size_t)size : 1);
    if (!heap) {
      errno = ENOMEM;
      return -1;
    }
    n = name ? get_raw(t, name, heap, (size_t)size) : list_raw(t, heap, (size_t)size);
    if (n >= 0) {
      *out = heap;
      return n;
    }
    int err = errno;
    free(heap);
    errno = err;
  }
  return n;
}

static const char *syscall_of(const target_t *t, const char *l_name, const char *f_name) {
  return t->fd >= 0 ? f_name : l_name;
}

napi_value tg_xattr_get(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  target_t t;
  char name[NAME_BYTES];
  if (!args(env, info, 2, argv, 2, &t, name)) return NULL;
  char stack[STACK_VALUE];
  char *buf;
  ssize_t n = read_sized(&t, name, stack, &buf);
  napi_value out;
  if (n < 0) {
    if (errno == ENODATA) {
      napi_get_undefined(env, &out);
      return out;
    }
    return tg_throw_errno(env, errno, syscall_of(&t, "lgetxattr", "fgetxattr"), t.label);
  }
  napi_status s = napi_create_buffer_copy(env, (size_t)n, buf, NULL, &out);
  if (buf != stack) free(buf);
  return s == napi_ok ? out : NULL;
}

napi_value tg_xattr_set(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  target_t t;
  char name[NAME_BYTES];
  if (!args(env, info, 3, argv, 4, &t, name)) return NULL;
  bool is_view = false;
  napi_is_typedarray(env, argv[2], &is_view);
  if (!is_view) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "xattr: the value must be a Buffer");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length = 0, offset = 0;
  void *data = NULL;
  napi_value ab;
  napi_get_typedarray_info(env, argv[2], &type, &length, &data, &ab, &offset);
  if (type != napi_uint8_array) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "xattr: the value must be a Buffer");
    return NULL;
  }
  int32_t flags = 0;
  napi_valuetype ft = napi_undefined;
  napi_typeof(env, argv[3], &ft);
  if (ft == napi_number) napi_get_value_int32(env, argv[3], &flags);
  int xflags = flags == 1 ? XATTR_CREATE : flags == 2 ? XATTR_REPLACE : 0;
  int r = t.fd >= 0 ? fsetxattr(t.fd, name, data, length, xflags) : lsetxattr(t.path, name, data, length, xflags);
  if (r < 0) return tg_throw_errno(env, errno, syscall_of(&t, "lsetxattr", "fsetxattr"), t.label);
  return NULL;
}

napi_value tg_xattr_remove(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  target_t t;
  char name[NAME_BYTES];
  if (!args(env, info, 2, argv, 2, &t, name)) return NULL;
  int r = t.fd >= 0 ? fremovexattr(t.fd, name) : lremovexattr(t.path, name);
  if (r < 0) return tg_throw_errno(env, errno, syscall_of(&t, "lremovexattr", "fremovexattr"), t.label);
  return NULL;
}

/*
 * The names of the target (xattrList), or each name followed by its value (xattrAll: a lookup
 * reads them all, so one N-API round trip instead of one per key), in the kernel's order. A key
 * removed between the list and its get is left out.
 */
static napi_value names_and_values(napi_env env, napi_callback_info info, bool values) {
  napi_value argv[1];
  target_t t;
  if (!args(env, info, 1, argv, 1, &t, NULL)) return NULL;
  char names_stack[STACK_VALUE];
  char *names;
  ssize_t n = read_sized(&t, NULL, names_stack, &names);
  if (n < 0) return tg_throw_errno(env, errno, syscall_of(&t, "llistxattr", "flistxattr"), t.label);
  napi_value out;
  napi_create_array(env, &out);
  napi_value result = out;
  uint32_t i = 0;
  for (ssize_t off = 0; off < n;) {
    const char *name = names + off;
    size_t len = strnlen(name, (size_t)(n - off));
    off += (ssize_t)len + 1;
    napi_value key, value = NULL;
    if (values) {
      char stack[STACK_VALUE];
      char *buf;
      ssize_t v = read_sized(&t, name, stack, &buf);
      if (v < 0 && errno == ENODATA) continue;
      if (v < 0) {
        result = tg_throw_errno(env, errno, syscall_of(&t, "lgetxattr", "fgetxattr"), t.label);
        break;
      }
      napi_status s = napi_create_buffer_copy(env, (size_t)v, buf, NULL, &value);
      if (buf != stack) free(buf);
      if (s != napi_ok) {
        result = NULL;
        break;
      }
    }
    napi_create_string_utf8(env, name, len, &key);
    napi_set_element(env, out, i++, key);
    if (values) napi_set_element(env, out, i++, value);
  }
  if (names != names_stack) free(names);
  return result;
}

napi_value tg_xattr_list(napi_env env, napi_callback_info info) {
  return names_and_values(env, info, false);
}

napi_value tg_xattr_all(napi_env env, napi_callback_info info) {
  return names_and_values(env, info, true);
}
