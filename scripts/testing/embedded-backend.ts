// The embedded engine as a replay backend: it does in-process what Elasticsearch does with the
// index patterns and the range filter, then runs the query.
import { runEql } from '../engines/embedded/index.js';
import type { EventDocument } from '../engines/types.js';
import { firstDateReader } from '../engines/embedded/ordering.js';
import type { EqlBackend, RuleSearch } from './backend.js';
import { matchesIndexPatterns } from './index-patterns.js';

/** What decides which documents one run searches: the indices and the look-back window. */
export type DocumentSelection = Pick<RuleSearch, 'documents' | 'indexPatterns' | 'window' | 'timestampField' | 'fallbackTimestampField' | 'fieldTypes'>;

export function searchedDocuments(request: DocumentSelection): EventDocument[] {
  const inWindow = windowFilter(request);
  return request.documents.filter((document) => matchesIndexPatterns(request.indexPatterns, document._index) && inWindow(document));
}

/**
 * Whether a document is inside the search's look-back window, as the range filter sees it: by the
 * timestamp field's first date value (the engine's reading, so any document shape), or the fallback
 * field's when it has none.
 */
function windowFilter(request: DocumentSelection): (document: EventDocument) => boolean {
  const { window } = request;
  if (!window) return () => true;
  const timeOf = firstDateReader(request.timestampField, request.fieldTypes);
  const fallbackTimeOf = request.fallbackTimestampField === undefined ? undefined : firstDateReader(request.fallbackTimestampField, request.fieldTypes);
  return (document) => {
    const time = timeOf(document._source) ?? fallbackTimeOf?.(document._source) ?? null;
    return time !== null && time >= window.from && time <= window.to;
  };
}

export function createEmbeddedBackend(): EqlBackend {
  return {
    name: 'embedded',
    search: (request) => runEql(request.query, searchedDocuments(request), { ...request.options, fieldTypes: request.fieldTypes }),
    close: async () => {},
  };
}
