{
  "targets": [
    {
      "target_name": "tgluster_scandir",
      "sources": ["native/scandir.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
