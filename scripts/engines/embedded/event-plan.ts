// `category where condition | head/tail`: the selected events in order, cut by pipes and size.
import type { EventQuery } from '../../eql/ast.js';
import type { EventDocument } from '../types.js';
import type { ExpressionCompiler } from './compile-expression.js';
import { compareHits, type Hit, type OrdinalReader } from './ordering.js';
import { toHitEvent, type PlanResult, type QueryPlan } from './plan.js';
import { BoundedSorted, type ResultWindow } from './result-window.js';

export function eventPlan(
  query: EventQuery,
  compiler: ExpressionCompiler,
  categoryField: string,
  readOrdinal: OrdinalReader,
  window: ResultWindow,
): QueryPlan<Hit> {
  const selects = compiler.filter(query.filter, categoryField);
  const results = new BoundedSorted<Hit>(window.keep, window.count, compareHits);
  let matches = 0;
  return {
    filters: [query.filter],
    needsOrder: false,
    prepare(document: EventDocument, position: number): Hit | null {
      if (!selects(document._source)) return null;
      const ordinal = readOrdinal(document, position);
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
