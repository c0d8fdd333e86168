// The embedded engine as a replay backend: it does in-process what Elasticsearch does with the
// index patterns and the range filter, then runs the query.
import { runEql } from '../engines/embedded/index.js';
import type { EventDocument } from '../engines/types.js';
import { dateMillis } from '../engines/embedded/field-access.js';
import type { EqlBackend, RuleSearch } from './backend.js';
import { readSourceField } from './field-types.js';
import { matchesIndexPatterns } from './index-patterns.js';

/** The time a range filter on `field` sees in a document: its first value, or null when it has none. */
function windowTime(document: EventDocument, field: string): number | null {
  const value = readSourceField(document._source, field);
  return dateMillis(Array.isArray(value) ? value[0] : value);
}

export function searchedDocuments(request: RuleSearch): EventDocument[] {
  const { window } = request;
  return request.documents.filter((document) => {
    if (!matchesIndexPatterns(request.indexPatterns, document._index)) return false;
    if (!window) return true;
    const time = windowTime(document, request.timestampField) ?? (request.fallbackTimestampField ? windowTime(document, request.fallbackTimestampField) : null);
    return time !== null && time >= window.from && time <= window.to;
  });
}

export function createEmbeddedBackend(): EqlBackend {
  return {
    name: 'embedded',
    search: (request) => runEql(request.query, searchedDocuments(request), { ...request.options, fieldTypes: request.fieldTypes }),
    close: async () => {},
  };
}
