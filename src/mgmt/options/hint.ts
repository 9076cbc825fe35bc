// glusterd's "Did you mean ...?" hints: nearest dictionary words by edit distance, ties broken
// by byte order of the words (glusterd walks a trie in character order and keeps the first
// two words at the best distance).

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! : 1 + Math.min(prev[j - 1]!, prev[j]!, row[j - 1]!);
    }
    prev = row;
  }
  return prev[b.length]!;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Up to `n` closest words to `word` (distinct, byte order among equals). */
export function closestWords(words: Iterable<string>, word: string, n: number): string[] {
  const dict = [...new Set(words)].sort(byteOrder);
  let best = Infinity;
  let found: string[] = [];
  for (const w of dict) {
    const d = editDistance(w, word);
    if (d < best) {
      best = d;
      found = [w];
    } else if (d === best && found.length < n) found.push(w);
  }
  return found;
}

/**
 * The hint for an unknown key, as glusterd builds it from its option names:
 * `a or b` for a key without a dot; `dom.a or ...b` for `dom.x` (domain picked first).
 */
export function keyHint(keys: readonly string[], key: string): string | undefined {
  const second = (k: string) => k.split('.')[1] ?? '';
  const dot = key.indexOf('.');
  const join = (w: string[], infix: string) => (w.length > 1 ? `${w[0]} or ${infix}${w[1]}` : w[0]);
  if (dot < 0) {
    return key === '' ? undefined : join(closestWords(keys.map(second), key, 2), '');
  }
  const domPart = key.slice(0, dot);
  if (domPart === '') return undefined;
  const [dom] = closestWords(keys.map((k) => k.split('.')[0]!), domPart, 1);
  if (!dom) return undefined;
  const rest = key.slice(dot + 1);
  if (rest === '') return undefined;
  const inDom = keys.filter((k) => k.startsWith(`${dom}.`)).map(second);
  const hint = join(closestWords(inDom, rest, 2), '...');
  return hint === undefined ? undefined : `${dom}.${hint}`;
}
