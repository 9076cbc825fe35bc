/* tgluster's native addon: what each module exports to addon.c, and their shared error helper. */
#ifndef TGLUSTER_ADDON_H
#define TGLUSTER_ADDON_H

#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>

/* Throws a Node-style Error (code "ENOENT", errno -2, syscall, path) and returns NULL. */
napi_value tg_throw_errno(napi_env env, int err, const char *syscall, const char *path);

/* Whether a path read into buf[size] (len bytes) can name anything: one that filled the buffer is
 * beyond PATH_MAX and one with an embedded NUL names nothing, so both throw as `syscall` would
 * (ENAMETOOLONG, ENOENT, reporting `label`) and answer false. */
bool tg_path_fits(napi_env env, const char *buf, size_t size, size_t len, const char *syscall, const char *label);

/* scandir.c */
napi_value tg_scandir(napi_env env, napi_callback_info info);

/* xattr.c */
napi_value tg_xattr_get(napi_env env, napi_callback_info info);
napi_value tg_xattr_set(napi_env env, napi_callback_info info);
napi_value tg_xattr_remove(napi_env env, napi_callback_info info);
napi_value tg_xattr_list(napi_env env, napi_callback_info info);
napi_value tg_xattr_all(napi_env env, napi_callback_info info);

/* locks.c */
napi_value tg_lock_key(napi_env env, napi_callback_info info);
napi_value tg_posix_lock(napi_env env, napi_callback_info info);

/* link.c */
napi_value tg_link_fd(napi_env env, napi_callback_info info);

/* beneath.c */
napi_value tg_open_beneath(napi_env env, napi_callback_info info);

/* nodes.c */
napi_value tg_mknod(napi_env env, napi_callback_info info);
napi_value tg_fallocate(napi_env env, napi_callback_info info);
napi_value tg_utimens(napi_env env, napi_callback_info info);
napi_value tg_seek(napi_env env, napi_callback_info info);

/* stats.c */
napi_value tg_stats_map(napi_env env, napi_callback_info info);
napi_value tg_stats_add(napi_env env, napi_callback_info info);
napi_value tg_stats_fop(napi_env env, napi_callback_info info);

/* fuse.c: the fuse* functions (only fuseAvailable when built without libfuse3) */
void tg_export_fuse(napi_env env, napi_value exports, void (*export_fn)(napi_env, napi_value, const char *, napi_callback));

/* poll.c */
napi_value tg_wait_readable(napi_env env, napi_callback_info info);

#endif
