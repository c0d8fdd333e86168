// A compiled query: how it reads one event and how it combines the events it selected.
import type { EventFilter } from '../../eql/ast.js';
import type { EqlHitEvent, EqlHitSequence, EventDocument } from '../types.js';
import type { Ordinal } from './ordering.js';

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
