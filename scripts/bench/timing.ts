// What the query-language benchmarks share: time a whole pass, report the median of several.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
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
