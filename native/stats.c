/*
 * Shared fop counters (debug/io-stats): a brick's statistics live in one small file that every
 * process serving that brick maps MAP_SHARED, so a mount, a heal and `volume profile info` in
 * three processes see one set of numbers, as the one brick process of GlusterFS keeps them.
 * Updates are atomic read-modify-writes on the mapping; readers use plain aligned loads.
 *
 *   statsMap(path, bytes) -> ArrayBuffer   the file (created, grown to `bytes`) mapped shared
 *   statsAdd(buf, slot, n)                 u64 slot += n
 *   statsFop(buf, slot, ns)                a fop record at slot: hits += 1, sum += ns, min, max
 */
#define NAPI_VERSION 8
#define _GNU_SOURCE
#include "addon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void unmap(napi_env env, void *data, void *hint) {
  (void)env;
  munmap(data, (size_t)(uintptr_t)hint);
}

napi_value tg_stats_map(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char path[4096];
  size_t len = 0;
  double bytes = 0;
  if (argc < 2 || napi_get_value_string_utf8(env, argv[0], path, sizeof(path), &len) != napi_ok ||
      napi_get_value_double(env, argv[1], &bytes) != napi_ok || bytes < 8 || bytes > (1 << 24)) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "statsMap(path, bytes)");
    return NULL;
  }
  if (!tg_path_fits(env, path, sizeof(path), len, "open", path)) return NULL;
  size_t size = (size_t)bytes;
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return tg_throw_errno(env, errno, "open", path);
  struct stat st;
  /* Growing only (a mapper never sees the file shrink under its mapping), and allocated, not
   * sparse: a store into a hole on a full filesystem would kill the process with SIGBUS. */
  int err = fstat(fd, &st) < 0 ? errno : 0;
  if (!err && (size_t)st.st_size < size) err = posix_fallocate(fd, 0, (off_t)size);
  if (err) {
    close(fd);
    return tg_throw_errno(env, err, "posix_fallocate", path);
  }
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  int e = errno;
  close(fd);
  if (p == MAP_FAILED) return tg_throw_errno(env, e, "mmap", path);
  napi_value out;
  if (napi_create_external_arraybuffer(env, p, size, unmap, (void *)(uintptr_t)size, &out) != napi_ok) {
    munmap(p, size);
    napi_throw_error(env, "ENOTSUP", "statsMap: external ArrayBuffers are not available");
    return NULL;
  }
  return out;
}

/*
 * The `count` u64 slots a call (buf, slot, n) names, and its n; NULL after a TypeError (a slot
 * outside the mapping, a negative n).
 */
static uint64_t *call_slots(napi_env env, napi_callback_info info, size_t count, uint64_t *n, const char *usage) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  double slot = -1, v = -1;
  void *data = NULL;
  size_t size = 0;
  if (argc < 3 || napi_get_arraybuffer_info(env, argv[0], &data, &size) != napi_ok || napi_get_value_double(env, argv[1], &slot) != napi_ok ||
      napi_get_value_double(env, argv[2], &v) != napi_ok || slot < 0 || v < 0 || (size_t)slot + count > size / 8) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", usage);
    return NULL;
  }
  *n = (uint64_t)v;
  return (uint64_t *)data + (size_t)slot;
}

napi_value tg_stats_add(napi_env env, napi_callback_info info) {
  uint64_t n;
  uint64_t *p = call_slots(env, info, 1, &n, "statsAdd(buf, slot, n)");
  if (p) __atomic_fetch_add(p, n, __ATOMIC_RELAXED);
  return NULL;
}

/* A fop record is four u64: hits, latency sum, min (0: none yet) and max, in nanoseconds. */
napi_value tg_stats_fop(napi_env env, napi_callback_info info) {
  uint64_t v;
  uint64_t *r = call_slots(env, info, 4, &v, "statsFop(buf, slot, ns)");
  if (!r) return NULL;
  __atomic_fetch_add(&r[0], 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&r[1], v, __ATOMIC_RELAXED);
  uint64_t cur = __atomic_load_n(&r[2], __ATOMIC_RELAXED);
  while ((cur == 0 || v < cur) && !__atomic_compare_exchange_n(&r[2], &cur, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
  cur = __atomic_load_n(&r[3], __ATOMIC_RELAXED);
  while (v > cur && !__atomic_compare_exchange_n(&r[3], &cur, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
  return NULL;
}
