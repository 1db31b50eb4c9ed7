/**
 * "Did you mean ...?": the closest of a few known words to one that was mistyped, for messages
 * about options, commands, column titles and settings.
 */

/**
 * Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b`: the optimal string
 * alignment distance. `jsn` -> `json` is 1, `sycn` -> `sync` is 1.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known word closest to `typed`, or undefined when none is close enough to be a likely typo.
 * Comparison ignores case (and whatever `key` strips, e.g. spaces and punctuation). A word is
 * close when it is at most a quarter of its length away (at least one edit), or when `typed` is
 * the start of exactly one word (`--dry` -> `--dry-run`). Ties go to the word listed first.
 */
export function suggest(
  typed: string,
  known: readonly string[],
  key: (word: string) => string = (w) => w.toLowerCase(),
): string | undefined {
  const t = key(typed);
  if (t === '') return undefined;
  let best: { word: string; distance: number } | undefined;
  for (const word of known) {
    const k = key(word);
    if (k === t) return word;
    const allowed = Math.max(1, Math.floor(Math.max(k.length, t.length) / 4));
    // Words whose length alone is too far off are never close: skip the distance.
    if (Math.abs(k.length - t.length) > allowed) continue;
    const distance = editDistance(t, k);
    if (distance <= allowed && (!best || distance < best.distance)) best = { word, distance };
  }
  if (best) return best.word;
  if (t.length >= 3) {
    const starts = known.filter((w) => key(w).startsWith(t));
    if (starts.length === 1) return starts[0];
  }
  return undefined;
}
