/* The addon's one entry point: every module's functions on one exports object. */
#define NAPI_VERSION 8
#include "addon.h"

static void export_fn(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn);
  napi_set_named_property(env, exports, name, fn);
}

static napi_value init(napi_env env, napi_value exports) {
  export_fn(env, exports, "scandir", tg_scandir);
  export_fn(env, exports, "xattrGet", tg_xattr_get);
  export_fn(env, exports, "xattrSet", tg_xattr_set);
  export_fn(env, exports, "xattrRemove", tg_xattr_remove);
  export_fn(env, exports, "xattrList", tg_xattr_list);
  export_fn(env, exports, "xattrAll", tg_xattr_all);
  export_fn(env, exports, "lockKey", tg_lock_key);
  export_fn(env, exports, "posixLock", tg_posix_lock);
  export_fn(env, exports, "linkFd", tg_link_fd);
  export_fn(env, exports, "waitReadable", tg_wait_readable);
  export_fn(env, exports, "mknod", tg_mknod);
  export_fn(env, exports, "fallocate", tg_fallocate);
  export_fn(env, exports, "utimens", tg_utimens);
  export_fn(env, exports, "seek", tg_seek);
  export_fn(env, exports, "openBeneath", tg_open_beneath);
  export_fn(env, exports, "statsMap", tg_stats_map);
  export_fn(env, exports, "statsAdd", tg_stats_add);
  export_fn(env, exports, "statsFop", tg_stats_fop);
  tg_export_fuse(env, exports, export_fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
