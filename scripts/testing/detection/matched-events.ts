// The documents one search of a rule run reads: in the rule's indices and a time range, matching
// the rule's query (compiled once per run), in the order the detection engine sorts them: by the
// timestamp ascending, then by the fallback timestamp, then as stored (Elasticsearch's `_shard_doc`).
import { compileDsl, type DocumentPredicate } from '../../engines/dsl/index.js';
import type { EventDocument } from '../../engines/types.js';
import type { DslRuleSearch } from '../backend.js';
import { eventTimeReader, searchedDocuments } from '../search-scope.js';

export interface TimedEvent {
  readonly document: EventDocument;
  /** The time the run places the event at (timestamp, else fallback timestamp). */
  readonly time: number;
}

export interface RunEvents {
  /** Events matching the query between `from` and the run's end, sorted. */
  between(from: number): TimedEvent[];
  /** Events in the rule's own look-back window. */
  readonly inWindow: TimedEvent[];
}

export function runEvents(request: DslRuleSearch): RunEvents {
  const matches: DocumentPredicate = compileDsl(request.query, { fieldTypes: request.fieldTypes, now: request.now });
  const timeOf = eventTimeReader(request);
  const select = (from: number | undefined): TimedEvent[] => {
    const scope = request.window && from !== undefined ? { ...request, window: { from, to: request.window.to } } : request;
    return searchedDocuments(scope)
      .filter(matches)
      .map((document, position) => ({ document, time: timeOf(document._source) ?? Number.POSITIVE_INFINITY, position }))
      .sort((a, b) => a.time - b.time || a.position - b.position)
      .map(({ document, time }) => ({ document, time }));
  };
  const inWindow = select(request.window?.from);
  return { inWindow, between: select };
}
