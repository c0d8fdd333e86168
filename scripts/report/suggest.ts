// "Did you mean …?" for misspelt names: the closest candidate by edit distance, if close enough.
// Bounded so that hostile input stays cheap: names longer than any real one get no suggestion, and a
// candidate whose length alone puts it out of reach is never compared.

/** No key, field or function name is this long; a longer "name" is data, and a suggestion is noise. */
const MAX_SUGGESTED_LENGTH = 256;

/** Levenshtein distance; with `limit`, stops early and returns limit + 1 once the distance exceeds it. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    let rowBest = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
      if ((previous[j] as number) < rowBest) rowBest = previous[j] as number;
    }
    if (rowBest > limit) return limit + 1;
  }
  return previous[b.length] as number;
}

/** The candidate nearest to `name`, when it is within a third of the name's length (at least 2 edits). */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_SUGGESTED_LENGTH) return undefined;
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The allowed value nearest to a value outside an enum: the one it differs from only in letter
 * case, else the nearest by edit distance; undefined when none is close or the value is no string.
 */
export function nearestAllowed(value: unknown, allowed: readonly unknown[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  const strings = allowed.filter((candidate): candidate is string => typeof candidate === 'string');
  return strings.find((candidate) => candidate.toLowerCase() === value.toLowerCase()) ?? nearest(value, strings);
}
