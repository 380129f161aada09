/**
 * "Did you mean" help: the candidates closest to a mistyped value, by edit distance. Shared by
 * config validation (control ids, standards, keys, Regions) and the construct library.
 */

/** Levenshtein distance, case-insensitive (a case slip is one of the commonest typos). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

/**
 * The candidates closest to `value`, nearest first (ties in candidate order), keeping only those
 * near enough to be a plausible typo: at most a third of the value's length away (at least 1,
 * so a one-character slip in a short id is still caught). An exact match is never suggested.
 * @param max how many to return at most (default 3)
 */
export function closestMatches(value: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(1, Math.floor(value.length / 3));
  return candidates
    .filter((c) => c !== value)
    .map((candidate, index) => ({ candidate, index, d: distance(value, candidate) }))
    .filter((m) => m.d <= limit)
    .sort((a, b) => a.d - b.d || a.index - b.index)
    .slice(0, max)
    .map((m) => m.candidate);
}
