// The embedded engine as a replay backend: it does in-process what Elasticsearch does with the
// index patterns and the range filter, then runs the query.
import { runEql } from '../engines/embedded/index.js';
import type { EqlBackend } from './backend.js';
import { detect } from './detection/detect.js';
import { searchedDocuments } from './search-scope.js';

export function createEmbeddedBackend(): EqlBackend {
  return {
    name: 'embedded',
    search: (request) => runEql(request.query, searchedDocuments(request), { ...request.options, fieldTypes: request.fieldTypes }),
    detect: async (request) => detect(request),
    close: async () => {},
  };
}
