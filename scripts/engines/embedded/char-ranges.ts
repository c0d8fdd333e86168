// Sets of Unicode code points as sorted, disjoint, inclusive ranges: what one automaton transition
// accepts. Flat arrays `[low0, high0, low1, high1, …]` keep them cheap to compare and sweep.

export type CharRanges = readonly number[];

export const MAX_CODE_POINT = 0x10ffff;
export const ANY_CHAR: CharRanges = [0, MAX_CODE_POINT];

/** Sorts and merges overlapping or adjacent ranges. */
export function normalizeRanges(ranges: readonly number[]): CharRanges {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < ranges.length; i += 2) pairs.push([ranges[i] as number, ranges[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [low, high] of pairs) {
    const last = merged.length - 1;
    if (last > 0 && low <= (merged[last] as number) + 1) merged[last] = Math.max(merged[last] as number, high);
    else merged.push(low, high);
  }
  return merged;
}

export function complementRanges(ranges: CharRanges): CharRanges {
  const result: number[] = [];
  let next = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    const low = ranges[i] as number;
    if (low > next) result.push(next, low - 1);
    next = (ranges[i + 1] as number) + 1;
  }
  if (next <= MAX_CODE_POINT) result.push(next, MAX_CODE_POINT);
  return result;
}

export function rangesContain(ranges: CharRanges, codePoint: number): boolean {
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < (ranges[middle * 2] as number)) high = middle - 1;
    else if (codePoint > (ranges[middle * 2 + 1] as number)) low = middle + 1;
    else return true;
  }
  return false;
}

let casePairs: [number, number][] | undefined;

/** Every (c, other) where `other` is c's one-character lower or upper case, both ways; computed once. */
function allCasePairs(): [number, number][] {
  if (casePairs) return casePairs;
  casePairs = [];
  // Case mappings live in the first two planes.
  for (let c = 0; c < 0x20000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCodePoint(c);
    for (const other of [ch.toLowerCase(), ch.toUpperCase()]) {
      const code = other.codePointAt(0) as number;
      if (code !== c && other.length === String.fromCodePoint(code).length) casePairs.push([c, code], [code, c]);
    }
  }
  return casePairs;
}

/** The set with every member's lower and upper case added (`regex~`). */
export function caseFoldRanges(ranges: CharRanges): CharRanges {
  const added: number[] = [];
  for (const [from, to] of allCasePairs()) if (rangesContain(ranges, from)) added.push(to, to);
  return added.length === 0 ? ranges : normalizeRanges([...ranges, ...added]);
}
