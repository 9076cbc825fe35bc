# Shared by the corpus capture scripts: `cap NAME STDIN COMMAND` runs COMMAND through bash (stdin at
# EOF unless STDIN is non-empty) and writes $out/NAME.txt in the reference corpus format
# (command, optional stdin, exit code, exact stdout and stderr bytes).
cap() {
  local name=$1 input=$2 cmd=$3 o e rc
  o=$(mktemp) e=$(mktemp)
  if [ -n "$input" ]; then printf '%s' "$input" | bash -c "$cmd" >"$o" 2>"$e"; rc=$?
  else bash -c "$cmd" >"$o" 2>"$e" </dev/null; rc=$?; fi
  {
    echo '===== command ====='; echo "\$ $cmd"
    if [ -n "$input" ]; then echo '===== stdin ====='; printf '%s' "$input"; fi
    echo '===== exit code ====='; echo "$rc"
    for s in stdout stderr; do
      f=$o; [ $s = stderr ] && f=$e
      echo "===== $s ($(wc -c <"$f") bytes) ====="
      cat "$f"
      if [ -s "$f" ] && [ "$(tail -c1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then echo; echo '[no trailing newline]'; fi
    done
    echo '===== end ====='
  } >"$out/$name.txt"
  rm -f "$o" "$e"
}
