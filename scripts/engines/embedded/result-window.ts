// Which results a query returns: its `head`/`tail` pipes applied in order, then `size` from the
// same end. Results are collected into a bounded sorted buffer, so a query over a million events
// keeps only as many results as it can return.
import type { Pipe } from '../../eql/ast.js';

export type Position = 'head' | 'tail';

export interface ResultWindow {
  /** The end the collector keeps results from, and how many. */
  readonly keep: Position;
  readonly count: number;
  /** Applies the pipes and `size` to results sorted in ascending order. */
  select<T>(sorted: readonly T[]): T[];
}

export function resultWindow(pipes: readonly Pipe[], size: number, resultPosition: Position): ResultWindow {
  const first = pipes[0];
  const last = pipes[pipes.length - 1];
  const finalPosition: Position = last ? last.kind : resultPosition;
  return {
    keep: first ? first.kind : resultPosition,
    count: first ? (pipes.length === 1 ? Math.min(first.count, size) : first.count) : size,
    select<T>(sorted: readonly T[]): T[] {
      let items = sorted.slice();
      for (const pipe of pipes) items = pipe.kind === 'head' ? items.slice(0, pipe.count) : pipe.count === 0 ? [] : items.slice(-pipe.count);
      if (items.length <= size) return items;
      return finalPosition === 'head' ? items.slice(0, size) : size === 0 ? [] : items.slice(-size);
    },
  };
}

/** Keeps the `count` smallest (head) or largest (tail) items seen, in ascending order. */
export class BoundedSorted<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly keep: Position,
    private readonly count: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  add(item: T): void {
    if (this.count <= 0) return;
    const items = this.items;
    if (items.length === this.count) {
      const bound = this.keep === 'head' ? items[items.length - 1] : items[0];
      if (bound !== undefined && (this.keep === 'head' ? this.compare(item, bound) >= 0 : this.compare(item, bound) < 0)) return;
    }
    // Binary search for the insertion point; in-order input appends at the end.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(items[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
    if (items.length > this.count) {
      if (this.keep === 'head') items.pop();
      else items.shift();
    }
  }

  get sorted(): readonly T[] {
    return this.items;
  }
}
