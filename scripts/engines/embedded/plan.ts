// A compiled query: how it reads one event and how it combines the events it selected.
import type { EventFilter } from '../../eql/ast.js';
import type { EqlHitEvent, EqlHitSequence, EventDocument } from '../types.js';
import type { ExpressionCompiler } from './compile-expression.js';
import type { Ordinal, OrdinalReader } from './ordering.js';

export interface PlanResult {
  readonly events?: EqlHitEvent[];
  readonly sequences?: EqlHitSequence[];
  /** Every match found (events, sequences or samples), before pipes and size cut them. */
  readonly matches: number;
}

export interface QueryPlan<C> {
  /** Reads one event: null when the query has no use for it. */
  prepare(document: EventDocument, position: number): C | null;
  ordinal(candidate: C): Ordinal;
  /** Whether consume() needs candidates in ordinal order (sequences do). */
  readonly needsOrder: boolean;
  consume(candidate: C): void;
  finish(): PlanResult;
  /** How many partial matches (pending sequences, logged missing-step events) are held in memory. */
  pendingState(): number;
  /** Every event filter of the query, so a reader can skip lines that no filter can select. */
  readonly filters: readonly EventFilter[];
}

export function toHitEvent(document: EventDocument): EqlHitEvent {
  return { _index: document._index, _id: document._id, _source: document._source };
}

export const missingHitEvent = (): EqlHitEvent => ({ _index: '', _id: '', missing: true });

/** What reads one index's events: its mapping's expression compiler and ordinal reader. */
export interface IndexContext {
  readonly compiler: ExpressionCompiler;
  readonly readOrdinal: OrdinalReader;
}

/** The contexts of a search: one for every index, or one per index with its own mapping. */
export interface IndexContexts {
  readonly all: readonly IndexContext[];
  forIndex(index: string): IndexContext;
}

/**
 * `build` for every context, up front (so a query one mapping cannot run fails at once), looked up
 * by the event's index: what a plan compiles (filters, keys) follows the mapping of the index each
 * event comes from, as each shard runs the query with its own.
 */
export function perIndex<T>(contexts: IndexContexts, build: (context: IndexContext) => T): (index: string) => T {
  const byContext = new Map(contexts.all.map((context) => [context, build(context)]));
  let lastIndex: string | undefined;
  let last: T | undefined;
  return (index) => {
    if (index !== lastIndex) {
      lastIndex = index;
      last = byContext.get(contexts.forIndex(index)) as T;
    }
    return last as T;
  };
}
