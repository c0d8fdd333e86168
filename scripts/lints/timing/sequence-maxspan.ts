import { parseQuery } from '../../eql/parser.js';
import type { RuleBody } from '../../rules/rule-file.js';

/** The maxspan of an EQL sequence rule, with its offset in the query; undefined for any other rule. */
export function sequenceMaxspan(body: RuleBody): { millis: number; offset: number } | undefined {
  // Parse only the queries that can hold a maxspan; the EQL stage reports syntax errors.
  if (body.language !== 'eql' || body.query === undefined || !body.query.includes('maxspan')) return undefined;
  const parsed = parseQuery(body.query);
  if (!parsed.ok || parsed.query.kind !== 'sequence' || parsed.query.maxspan === null) return undefined;
  return { millis: parsed.query.maxspan.millis, offset: parsed.query.maxspan.span.offset };
}
