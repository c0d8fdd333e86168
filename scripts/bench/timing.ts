// What the query-language benchmarks share: time a whole pass, report the median of several.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Milliseconds one call of `run` takes. */
export function timeMs(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** The first pass (cold), then the medians of `rounds` passes of each of `check` and `parse` after five warm-up passes. */
export function timePasses(check: () => void, parse: () => void, rounds: number): { coldMs: number; checkMs: number; parseMs: number } {
  const coldMs = timeMs(check);
  for (let i = 0; i < 5; i++) {
    check();
    parse();
  }
  return {
    coldMs,
    checkMs: median(Array.from({ length: rounds }, () => timeMs(check))),
    parseMs: median(Array.from({ length: rounds }, () => timeMs(parse))),
  };
}
