// What one search of a rule run sees, as Elasticsearch does it in-process: the documents of the
// rule's indices inside the look-back window, and the time each document is placed at.
import { firstDateReader } from '../engines/embedded/ordering.js';
import type { EventDocument } from '../engines/types.js';
import type { SearchScope } from './backend.js';
import { matchesIndexPatterns } from './index-patterns.js';

export function searchedDocuments(request: SearchScope): EventDocument[] {
  const inWindow = windowFilter(request);
  return request.documents.filter((document) => matchesIndexPatterns(request.indexPatterns, document._index) && inWindow(document));
}

/**
 * The time a search places a document at: the timestamp field's first date value (the engine's
 * reading, so any document shape), or the fallback field's when it has none.
 */
export function eventTimeReader(scope: SearchScope): (source: Record<string, unknown>) => number | null {
  const timeOf = firstDateReader(scope.timestampField, scope.fieldTypes);
  const fallbackTimeOf = scope.fallbackTimestampField === undefined ? undefined : firstDateReader(scope.fallbackTimestampField, scope.fieldTypes);
  return (source) => timeOf(source) ?? fallbackTimeOf?.(source) ?? null;
}

/** Whether a document is inside the search's look-back window, as the range filter sees it. */
function windowFilter(request: SearchScope): (document: EventDocument) => boolean {
  const { window } = request;
  if (!window) return () => true;
  const timeOf = eventTimeReader(request);
  return (document) => {
    const time = timeOf(document._source);
    return time !== null && time >= window.from && time <= window.to;
  };
}
