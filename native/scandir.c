/*
 * scandir(dirPath[, modesOnly]): one directory's entries with their lstat data, in one call.
 *
 * A names-only listing of a brick directory must still stat every entry (DHT recognises a linkto
 * file by its mode alone); from JS that is one fs.lstatSync per entry, whose fixed cost (a call
 * into Node and a Stats object) is most of the listing. Here the directory is read and each entry
 * fstatat'ed relative to the directory's own descriptor with AT_SYMLINK_NOFOLLOW: no path is
 * joined, and neither the directory (O_NOFOLLOW) nor any entry is followed if it is a symlink.
 * A large directory's entries are statted by a few threads at once (see pool_t).
 *
 * Returns { names, modes } alone when modesOnly is true (a names-and-types listing: no typed
 * array nobody reads), else { names, modes, nlinks, uids, gids, sizes, blocks, inos, atimeSec, atimeNsec,
 * mtimeSec, mtimeNsec, ctimeSec, ctimeNsec }: names a string with the names each followed by
 * '/' (the one byte no name contains; one string is far cheaper to hand over than an array of
 * them), the rest typed arrays, element i describing name i. Entries are in byte order (strcmp)
 * without "." and "..". An entry removed between readdir and its fstatat is left out. Errors
 * throw an Error with code (e.g. "ENOENT"), errno, syscall and path, as Node's fs does.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include "addon.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Entries live in fixed blocks that never move once filled, names included (a name is at most
 * NAME_MAX bytes), so that stat threads can work on the blocks already read while this thread
 * reads the rest of the directory.
 */
#define BLOCK 512

typedef struct {
  const char *name; /* NUL-terminated, in its block */
  size_t name_len;
  int err; /* of its fstatat */
  struct stat st;
} entry_t;

typedef struct block {
  struct block *next;      /* in directory order */
  struct block *published; /* the block published after this one (see pool_t) */
  size_t n;
  size_t names_len;
  entry_t e[BLOCK];
  char names[BLOCK * (NAME_MAX + 1)];
} block_t;

/*
 * The lstat of every entry. Each fstatat is a syscall of about a microsecond, most of a large
 * listing, and they are independent: once a directory proves large, threads (as a brick's
 * io-threads would) stat each full block as soon as it is read, then the reader sorts the names
 * and joins them.
 */
typedef struct {
  int dirfd;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  block_t *cursor; /* the next published block no thread has taken */
  block_t *last;   /* the last block published */
  int done;        /* every block is published */
} pool_t;

typedef struct {
  block_t *head, *tail;
  size_t n;
  entry_t **order; /* the n_sorted entries (those still there) in byte order of their names */
  size_t n_sorted;
} listing_t;

static void listing_free(listing_t *l) {
  for (block_t *b = l->head, *next; b; b = next) {
    next = b->next;
    free(b);
  }
  free(l->order);
}

static void pool_publish(pool_t *p, block_t *b, int done) {
  pthread_mutex_lock(&p->mu);
  if (b) {
    if (p->last) p->last->published = b;
    p->last = b;
    if (!p->cursor) p->cursor = b;
  }
  if (done) p->done = 1;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

/* Stats published blocks until every block is published and taken. */
static void *pool_work(void *arg) {
  pool_t *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (!p->cursor && !p->done) pthread_cond_wait(&p->cv, &p->mu);
    block_t *b = p->cursor;
    if (b) p->cursor = b->published;
    pthread_mutex_unlock(&p->mu);
    if (!b) return NULL;
    for (size_t i = 0; i < b->n; i++) {
      entry_t *e = &b->e[i];
      e->err = fstatat(p->dirfd, e->name, &e->st, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno;
    }
  }
}

#ifndef MAX_THREADS
#define MAX_THREADS 4
#endif
#define ENTRIES_PER_THREAD 4096 /* below this a thread costs more than it saves */

/* 0 or ENOMEM. */
static int listing_add(listing_t *l, pool_t *p, const char *name) {
  block_t *b = l->tail;
  if (!b || b->n == BLOCK) {
    if (b) pool_publish(p, b, 0); /* full: the stat threads may take it */
    block_t *nb = malloc(sizeof *nb);
    if (!nb) return ENOMEM;
    nb->next = nb->published = NULL;
    nb->n = nb->names_len = 0;
    if (b) b->next = nb;
    else l->head = nb;
    l->tail = b = nb;
  }
  size_t len = strlen(name);
  entry_t *e = &b->e[b->n++];
  e->name = memcpy(b->names + b->names_len, name, len + 1);
  e->name_len = len;
  e->err = 0;
  b->names_len += len + 1;
  l->n++;
  return 0;
}

static int by_name(const void *a, const void *b) {
  const entry_t *x = *(entry_t *const *)a, *y = *(entry_t *const *)b;
  size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
  int c = memcmp(x->name, y->name, n);
  if (c) return c;
  return x->name_len < y->name_len ? -1 : x->name_len > y->name_len;
}

/* l->order: every entry, sorted by name. Reads only names, which no stat thread writes. */
static void sort_listing(listing_t *l) {
  size_t k = 0;
  for (block_t *b = l->head; b; b = b->next)
    for (size_t i = 0; i < b->n; i++) l->order[k++] = &b->e[i];
  qsort(l->order, l->n, sizeof *l->order, by_name);
  l->n_sorted = l->n;
}

/* Reads dir_path into l, every entry statted and sorted; 0 or an errno, with *syscall naming the call that failed. */
static int read_listing(const char *dir_path, listing_t *l, const char **syscall) {
  *syscall = "open";
  int fd = open(dir_path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return errno;
  DIR *d = fdopendir(fd);
  if (!d) {
    int err = errno;
    close(fd);
    *syscall = "fdopendir";
    return err;
  }
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  size_t want = cpus > 1 ? (size_t)cpus - 1 : 0; /* stat threads besides this one */
  if (want > MAX_THREADS - 1) want = MAX_THREADS - 1;
  pool_t p = {.dirfd = fd};
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.cv, NULL);
  pthread_t th[MAX_THREADS];
  size_t started = 0;
  int err = 0;
  for (;;) {
    errno = 0;
    struct dirent *de = readdir(d);
    if (!de) {
      if (errno) {
        err = errno;
        *syscall = "readdir";
      }
      break;
    }
    const char *n = de->d_name;
    if (n[0] == '.' && (n[1] == 0 || (n[1] == '.' && n[2] == 0))) continue;
    if ((err = listing_add(l, &p, n)) != 0) {
      *syscall = "scandir";
      break;
    }
    /* Large enough to be worth threads: start them on the blocks read so far. */
    if (started < want && l->n == ENTRIES_PER_THREAD * (started + 1))
      if (pthread_create(&th[started], NULL, pool_work, &p) == 0) started++;
  }
  pool_publish(&p, l->tail, 1); /* the last block, full or not: only a block followed by another is published before */
  if (!err && !(l->order = malloc((l->n ? l->n : 1) * sizeof *l->order))) {
    err = ENOMEM;
    *syscall = "scandir";
  }
  if (!err) sort_listing(l); /* meanwhile the threads stat */
  pool_work(&p);             /* then this thread helps with what is left (all of it without threads) */
  for (size_t k = 0; k < started; k++) pthread_join(th[k], NULL);
  pthread_mutex_destroy(&p.mu);
  pthread_cond_destroy(&p.cv);
  if (!err) {
    /* An entry removed between readdir and its fstatat is no longer an entry; any other error is. */
    size_t kept = 0;
    for (size_t k = 0; k < l->n_sorted; k++) {
      const entry_t *e = l->order[k];
      if (e->err == ENOENT) continue;
      if (e->err) {
        err = e->err;
        *syscall = "lstat";
        break;
      }
      l->order[kept++] = l->order[k];
    }
    l->n_sorted = kept;
  }
  closedir(d); /* closes fd */
  return err;
}

/* A typed array of n elements set on obj[key]; its data in *data. */
static int typed_field(napi_env env, napi_value obj, const char *key, napi_typedarray_type type, size_t n, void **data) {
  size_t width = type == napi_float64_array ? 8 : 4;
  napi_value buf, arr;
  if (napi_create_arraybuffer(env, n * width, data, &buf) != napi_ok) return -1;
  if (napi_create_typedarray(env, type, n, buf, 0, &arr) != napi_ok) return -1;
  return napi_set_named_property(env, obj, key, arr) == napi_ok ? 0 : -1;
}

#define F64(key, expr)                                                                 \
  do {                                                                                 \
    double *a;                                                                         \
    if (typed_field(env, out, key, napi_float64_array, n, (void **)&a)) goto fail;     \
    for (size_t i = 0; i < n; i++) { const struct stat *s = &order[i]->st; a[i] = (double)(expr); } \
  } while (0)
#define U32(key, expr)                                                                 \
  do {                                                                                 \
    uint32_t *a;                                                                       \
    if (typed_field(env, out, key, napi_uint32_array, n, (void **)&a)) goto fail;      \
    for (size_t i = 0; i < n; i++) { const struct stat *s = &order[i]->st; a[i] = (uint32_t)(expr); } \
  } while (0)

napi_value tg_scandir(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  bool modes_only = false;
  if (argc >= 2) napi_get_value_bool(env, argv[1], &modes_only); /* not a boolean: false */
  char path[4097];
  size_t path_len = 0;
  napi_valuetype t = napi_undefined;
  if (argc >= 1) napi_typeof(env, argv[0], &t);
  if (t != napi_string) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "scandir: the path must be a string");
    return NULL;
  }
  napi_get_value_string_utf8(env, argv[0], path, sizeof path, &path_len);
  if (!tg_path_fits(env, path, sizeof path, path_len, "open", path)) return NULL;

  listing_t l = {0};
  const char *syscall;
  int err = read_listing(path, &l, &syscall);
  if (err) {
    listing_free(&l);
    return tg_throw_errno(env, err, syscall, path);
  }
  /* The names buffer in sorted order, so that JS splits it straight into the sorted array. */
  size_t names_len = 0;
  for (const block_t *b = l.head; b; b = b->next) names_len += b->names_len;
  char *sorted = malloc(names_len ? names_len : 1);
  if (!sorted) {
    listing_free(&l);
    return tg_throw_errno(env, ENOMEM, "scandir", path);
  }
  entry_t *const *order = l.order;
  size_t off = 0;
  for (size_t i = 0; i < l.n_sorted; i++) {
    memcpy(sorted + off, order[i]->name, order[i]->name_len);
    off += order[i]->name_len;
    sorted[off++] = '/';
  }

  size_t n = l.n_sorted;
  napi_value out, names;
  if (napi_create_object(env, &out) != napi_ok) goto fail;
  if (napi_create_string_utf8(env, sorted, off, &names) != napi_ok) goto fail;
  if (napi_set_named_property(env, out, "names", names) != napi_ok) goto fail;
  U32("modes", s->st_mode);
  if (modes_only) goto done;
  F64("nlinks", s->st_nlink);
  U32("uids", s->st_uid);
  U32("gids", s->st_gid);
  F64("sizes", s->st_size);
  F64("blocks", s->st_blocks);
  F64("inos", s->st_ino);
  F64("atimeSec", s->st_atim.tv_sec);
  U32("atimeNsec", s->st_atim.tv_nsec);
  F64("mtimeSec", s->st_mtim.tv_sec);
  U32("mtimeNsec", s->st_mtim.tv_nsec);
  F64("ctimeSec", s->st_ctim.tv_sec);
  U32("ctimeNsec", s->st_ctim.tv_nsec);
done:
  free(sorted);
  listing_free(&l);
  return out;

fail:
  free(sorted);
  listing_free(&l);
  {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending) napi_throw_error(env, "ENOMEM", "scandir: out of memory");
  }
  return NULL;
}
