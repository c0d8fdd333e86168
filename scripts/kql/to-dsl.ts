// KQL to Elasticsearch query DSL, as Kibana's kbn-es-query builds it (kuery/functions/{and,or,not,
// is,range,nested}.ts and node_types/wildcard.ts) for a data view that knows no fields — which is
// what the detection engine passes (security_solution .../get_query_filter.ts: `fields: []`). With
// no field types known, a value is always a `match` (quoted: `match_phrase`), a wildcard value a
// `query_string` on its field, `field:*` an `exists`, and a range a plain `range` without time zone.
import { isLoneWildcard, termText, type FieldMatch, type FieldRange, type Query, type Term, type ValueExpr } from './ast.js';

/** A query DSL object as plain JSON, ready for `_search` or the embedded evaluator. */
export type DslQuery = { [clause: string]: unknown };

/** Kibana's wildcard escaping for query_string (node_types/wildcard.ts escapeQueryString). */
const queryStringReserved = /[+\-=&|><!(){}[\]^"~*?:\\/]/g;

function queryStringText(pieces: readonly string[]): string {
  return pieces.map((piece) => piece.replace(queryStringReserved, '\\$&')).join('*');
}

/** One-clause `bool.should`, the wrapper Kibana puts around every field query. */
function anyOf(clause: DslQuery): DslQuery {
  return { bool: { should: [clause], minimum_should_match: 1 } };
}

/** The field a term names, with the enclosing nested path in front (get_full_field_name_node.ts). */
function fieldName(field: Term | null, nestedPath: string | undefined): string | null {
  const name = field === null ? null : termText(field);
  if (nestedPath !== undefined) return `${nestedPath}.${String(name)}`;
  return name === null ? null : String(name);
}

/** functions/is.ts for one value. */
function isQuery(field: Term | null, value: Term, nestedPath: string | undefined): DslQuery {
  const exists = isLoneWildcard(value);
  if (exists && field !== null && isLoneWildcard(field)) return { match_all: {} };
  const name = fieldName(field, nestedPath);
  if (name === null) {
    if (value.wildcard) return { query_string: { query: queryStringText(value.wildcard) } };
    return { multi_match: { type: value.quoted ? 'phrase' : 'best_fields', query: value.value, lenient: true } };
  }
  if (exists) return anyOf({ exists: { field: name } });
  if (value.wildcard) return anyOf({ query_string: { fields: [name], query: queryStringText(value.wildcard) } });
  return anyOf({ [value.quoted ? 'match_phrase' : 'match']: { [name]: value.value } });
}

/** A value list distributes its field: `f:(a or not b)` is `f:a or not f:b` (grammar.peggy). */
function valuesQuery(match: FieldMatch, values: ValueExpr, nestedPath: string | undefined): DslQuery {
  switch (values.kind) {
    case 'term':
      return isQuery(match.field, values, nestedPath);
    case 'or':
      return { bool: { should: values.operands.map((operand) => valuesQuery(match, operand, nestedPath)), minimum_should_match: 1 } };
    case 'and':
      return { bool: { filter: values.operands.map((operand) => valuesQuery(match, operand, nestedPath)) } };
    case 'not':
      return { bool: { must_not: valuesQuery(match, values.operand, nestedPath) } };
  }
}

function rangeQuery(range: FieldRange, nestedPath: string | undefined): DslQuery {
  const name = String(fieldName(range.field, nestedPath));
  return anyOf({ range: { [name]: { [range.operator]: termText(range.value) } } });
}

/** The query DSL of a parsed KQL query, exactly as Kibana's toElasticsearchQuery returns it. */
export function kqlToDsl(query: Query, nestedPath?: string): DslQuery {
  switch (query.kind) {
    case 'match-all':
      return { match_all: {} };
    case 'or':
      return { bool: { should: query.operands.map((operand) => kqlToDsl(operand, nestedPath)), minimum_should_match: 1 } };
    case 'and':
      return { bool: { filter: query.operands.map((operand) => kqlToDsl(operand, nestedPath)) } };
    case 'not':
      return { bool: { must_not: kqlToDsl(query.operand, nestedPath) } };
    case 'nested': {
      const path = String(termText(query.path));
      const fullPath = nestedPath === undefined ? path : `${nestedPath}.${path}`;
      return { nested: { path: fullPath, query: kqlToDsl(query.query, fullPath), score_mode: 'none' } };
    }
    case 'match':
      return valuesQuery(query, query.values, nestedPath);
    case 'range':
      return rangeQuery(query, nestedPath);
  }
}
