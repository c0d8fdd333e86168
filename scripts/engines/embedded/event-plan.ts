// `category where condition | head/tail`: the selected events in order, cut by pipes and size.
import type { EventQuery } from '../../eql/ast.js';
import type { EventDocument } from '../types.js';
import { compareHits, type Hit } from './ordering.js';
import { perIndex, toHitEvent, type IndexContexts, type PlanResult, type QueryPlan } from './plan.js';
import { BoundedSorted, type ResultWindow } from './result-window.js';

export function eventPlan(
  query: EventQuery,
  contexts: IndexContexts,
  categoryField: string,
  window: ResultWindow,
): QueryPlan<Hit> {
  const selectsFor = perIndex(contexts, ({ compiler }) => compiler.filter(query.filter, categoryField));
  const results = new BoundedSorted<Hit>(window.keep, window.count, compareHits);
  let matches = 0;
  return {
    filters: [query.filter],
    needsOrder: false,
    prepare(document: EventDocument, position: number): Hit | null {
      if (!selectsFor(document._index)(document._source)) return null;
      const ordinal = contexts.forIndex(document._index).readOrdinal(document, position);
      return ordinal === null ? null : { document, ordinal };
    },
    ordinal: (hit) => hit.ordinal,
    consume(hit) {
      matches++;
      results.add(hit);
    },
    pendingState: () => 0,
    finish(): PlanResult {
      return { events: window.select(results.sorted).map((hit) => toHitEvent(hit.document)), matches };
    },
  };
}
