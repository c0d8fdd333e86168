// The fields a query DSL object reads, for checking a rule's `filters`: the field keys of leaf
// queries (term, match, range, wildcard, …), exists.field, and the fields lists of query_string
// and multi_match, through bool, nested, constant_score, dis_max and boosting.
import type { DslQuery } from './to-dsl.js';

/** Leaf queries keyed by field name: `{ term: { "host.name": … } }`. */
const fieldKeyedQueries: ReadonlySet<string> = new Set([
  'term', 'terms', 'match', 'match_phrase', 'match_phrase_prefix', 'match_bool_prefix', 'prefix', 'wildcard', 'regexp', 'fuzzy', 'range',
]);
/** Options that sit beside the field key in some leaf queries. */
const leafOptions: ReadonlySet<string> = new Set(['boost', '_name']);

function isObject(value: unknown): value is DslQuery {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

export function dslFields(query: unknown): string[] {
  if (!isObject(query)) return [];
  const fields: string[] = [];
  for (const [clause, body] of Object.entries(query)) {
    if (!isObject(body)) continue;
    if (fieldKeyedQueries.has(clause)) {
      fields.push(...Object.keys(body).filter((key) => !leafOptions.has(key)));
    } else if (clause === 'exists' && typeof body.field === 'string') {
      fields.push(body.field);
    } else if (clause === 'query_string' || clause === 'simple_query_string' || clause === 'multi_match') {
      fields.push(...asList(body.fields).filter((field): field is string => typeof field === 'string'));
      if (typeof body.default_field === 'string') fields.push(body.default_field);
    } else if (clause === 'bool') {
      for (const occur of ['must', 'filter', 'should', 'must_not']) for (const child of asList(body[occur])) fields.push(...dslFields(child));
    } else if (clause === 'nested') {
      fields.push(...dslFields(body.query));
    } else if (clause === 'constant_score') {
      fields.push(...dslFields(body.filter));
    } else if (clause === 'dis_max') {
      for (const child of asList(body.queries)) fields.push(...dslFields(child));
    } else if (clause === 'boosting') {
      fields.push(...dslFields(body.positive), ...dslFields(body.negative));
    }
  }
  return fields;
}
