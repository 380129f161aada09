/**
 * "Did you mean" help for messages: the known values closest to one a user typed.
 */

/**
 * The candidates closest to `value` by edit distance (insertions, deletions, substitutions and
 * swaps of neighbouring characters), compared case-insensitively.
 *
 * A candidate counts only when it is close enough to be the likely intent: at most a third of
 * the longer string's length apart and never more than three edits (at least one), so
 * `us-east-l` finds `us-east-1` but `mars-north-1` finds nothing; a candidate the value is the
 * start of (`prod` for `production`) counts as one edit. Of those, only the ones at most one edit
 * further than the best are kept, so a near miss is not buried under far ones.
 * @param max how many to return at most
 * @returns the closest candidates other than `value` itself, nearest first (ties in the candidates' order), or [] when none is close
 */
export function closestMatches(value: string, candidates: readonly string[], max = 3): string[] {
  const wanted = value.toLowerCase();
  const scored: { candidate: string; distance: number; index: number }[] = [];
  candidates.forEach((candidate, index) => {
    // The value itself is no suggestion: it was typed where it does not belong.
    if (candidate === value) return;
    const lower = candidate.toLowerCase();
    if (wanted.length >= 3 && lower.length > wanted.length && lower.startsWith(wanted)) {
      scored.push({ candidate, distance: 1, index });
      return;
    }
    const limit = Math.max(1, Math.min(3, Math.floor(Math.max(wanted.length, lower.length) / 3)));
    // Strings whose lengths differ by more than the limit cannot be within it.
    if (Math.abs(lower.length - wanted.length) > limit) return;
    const distance = editDistance(wanted, lower);
    if (distance <= limit) scored.push({ candidate, distance, index });
  });
  const best = Math.min(...scored.map((s) => s.distance));
  return scored
    .filter((s) => s.distance <= best + 1)
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .slice(0, Math.max(0, max))
    .map((s) => s.candidate);
}

/** Optimal string alignment distance: Levenshtein plus one edit for two swapped neighbours (`IAM.16` for `IAM.61`). */
function editDistance(a: string, b: string): number {
  // Three rolling rows: the swap rule looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i, ...new Array<number>(b.length).fill(0)];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The " (did you mean "X"?)" clause of a message, or '' when no candidate is close to the value.
 * @param candidates the values allowed where `value` was found
 */
export function didYouMean(value: unknown, candidates: readonly string[]): string {
  if (typeof value !== 'string') return '';
  const matches = closestMatches(value, candidates).map((m) => JSON.stringify(m));
  if (matches.length === 0) return '';
  return ` (did you mean ${matches.length === 1 ? matches[0] : `${matches.slice(0, -1).join(', ')} or ${matches[matches.length - 1]}`}?)`;
}
