{
  "targets": [
    {
      "target_name": "tgluster_native",
      "sources": ["native/addon.c", "native/beneath.c", "native/errno.c", "native/link.c", "native/locks.c", "native/nodes.c", "native/poll.c", "native/scandir.c", "native/xattr.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
