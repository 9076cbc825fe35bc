{
  "variables": {
    # FUSE (tgluster mount) is built when libfuse3's headers are there (Debian: libfuse3-dev);
    # without them the addon builds anyway and fuseAvailable() answers false.
    "have_fuse3%": "<!(pkg-config --exists fuse3 && echo 1 || echo 0)"
  },
  "targets": [
    {
      "target_name": "tgluster_native",
      "sources": ["native/addon.c", "native/beneath.c", "native/errno.c", "native/fuse.c", "native/link.c", "native/locks.c", "native/nodes.c", "native/poll.c", "native/scandir.c", "native/stats.c", "native/xattr.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "conditions": [
        ["have_fuse3==1", {
          "defines": ["TG_HAVE_FUSE3"],
          "cflags": ["<!@(pkg-config --cflags fuse3)"],
          "libraries": ["<!@(pkg-config --libs fuse3)"]
        }]
      ]
    }
  ]
}
