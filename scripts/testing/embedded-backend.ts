// The embedded engines as a replay backend: they do in-process what Elasticsearch does with the
// index patterns and the range filter, then run the query.
import { runEql } from '../engines/embedded/index.js';
import { runQuery } from '../engines/esql/run-query.js';
import type { EqlBackend } from './backend.js';
import { detect } from './detection/detect.js';
import { searchedDocuments } from './search-scope.js';

export function createEmbeddedBackend(): EqlBackend {
  return {
    name: 'embedded',
    search: (request) => runEql(request.query, searchedDocuments(request), { ...request.options, fieldTypes: request.fieldTypes }),
    detect: async (request) => detect(request),
    esql: async (request) => runQuery(request.query, request.queryText, { documents: searchedDocuments(request), fieldTypes: request.fieldTypes, now: request.now }),
    close: async () => {},
  };
}
