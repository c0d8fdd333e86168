// Test helper: parse a query with the project's parser and run it on the embedded engine over
// plain _source objects (ids are their `id` field, or their position).
import { parseQuery } from '../../scripts/eql/parser.js';
import type { Query } from '../../scripts/eql/ast.js';
import { runEql } from '../../scripts/engines/embedded/index.js';
import type { EngineOptions } from '../../scripts/engines/embedded/compile-query.js';
import type { EqlSearchResponse, EventDocument } from '../../scripts/engines/types.js';

export function parse(text: string): Query {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`test query does not parse: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.query;
}

export function documents(sources: Record<string, unknown>[]): EventDocument[] {
  return sources.map((source, i) => ({ _index: 'test', _id: String(source.id ?? i + 1), _source: source }));
}

export function search(query: string, sources: Record<string, unknown>[], options: EngineOptions = {}): Promise<EqlSearchResponse> {
  return runEql(parse(query), documents(sources), { size: 100, ...options });
}

/** Ids of the returned events, flattened over sequences; -1 for a missing-event placeholder. */
export async function ids(query: string, sources: Record<string, unknown>[], options: EngineOptions = {}): Promise<string[]> {
  const response = await search(query, sources, options);
  const events = response.hits.events ?? response.hits.sequences?.flatMap((s) => s.events) ?? [];
  return events.map((event) => (event.missing ? '-1' : event._id));
}

/** Events at one-second steps from a fixed epoch, category `process` unless given. */
export function timeline(sources: Record<string, unknown>[], stepMs = 1000): Record<string, unknown>[] {
  return sources.map((source, i) => ({
    '@timestamp': 1_700_000_000_000 + i * stepMs,
    event: { category: 'process' },
    id: String(i + 1),
    ...source,
  }));
}
