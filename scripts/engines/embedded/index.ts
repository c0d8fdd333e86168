// The embedded EQL engine: Elasticsearch's EQL semantics over events in memory or in files.
import type { Query } from '../../eql/ast.js';
import type { EqlSearchResponse, EventDocument } from '../types.js';
import { compileQuery, type EngineOptions } from './compile-query.js';

export { compileQuery, EventOrderError, type EngineOptions, type MatcherStats, type QueryMatcher } from './compile-query.js';
export { EqlCompileError } from './compile-expression.js';
export { fieldTypesFromMapping, MappingError } from './field-types.js';
export { readNdjson, streamNdjson, forEachLine, parseEventLine, NdjsonError, type StreamStats } from './ndjson.js';

/**
 * Runs `query` over `events` and answers as Elasticsearch's `_eql/search` would. Events may come in
 * any order unless `inputOrder: 'sorted'` says they are sorted (see EngineOptions).
 */
export async function runEql(
  query: Query,
  events: Iterable<EventDocument> | AsyncIterable<EventDocument>,
  options: EngineOptions = {},
): Promise<EqlSearchResponse> {
  const matcher = compileQuery(query, options);
  if (Symbol.asyncIterator in events) {
    for await (const event of events) matcher.push(event);
  } else {
    for (const event of events) matcher.push(event);
  }
  return matcher.finish();
}
