// The query a query, threshold or new_terms rule sends to Elasticsearch, built as Kibana's
// detection engine builds it: security_solution .../utils/get_query_filter.ts calls
// buildEsQuery({ fields: [], title: index.join() }, { query, language }, filters, {
// allowLeadingWildcards: true, queryStringOptions: { analyze_wildcard: true },
// ignoreFilterIfFieldNotInIndex: false, dateFormatTZ: 'Zulu' }) (kbn-es-query/src/es_query/
// build_es_query.ts, from_kuery.ts, from_lucene.ts, decorate_query.ts). The rule's `index` only
// names that data view: with no fields known it changes nothing in the query, so it is not an input.
// Exception lists are not applied.
import { filtersToDsl, firstNonObjectFilter } from './filters-to-dsl.js';
import { parseKql } from './parser.js';
import type { KqlProblem } from './problem.js';
import { kqlToDsl, type DslQuery } from './to-dsl.js';

export interface RuleQueryInput {
  readonly query: string;
  /** `kuery` or `lucene`; the detection engine's default is kuery. */
  readonly language?: string;
  readonly filters?: readonly unknown[];
}

export interface BoolQuery {
  bool: { must: DslQuery[]; filter: DslQuery[]; should: DslQuery[]; must_not: DslQuery[] };
}

export type RuleQueryResult = { ok: true; query: BoolQuery } | { ok: false; error: string; problems: readonly KqlProblem[] };

const matchAll = (clause: DslQuery): boolean => JSON.stringify(clause) === '{"match_all":{}}';

/** from_lucene.ts with decorate_query.ts: a query_string with the engine's options, blank as match_all. */
function luceneClause(query: string): DslQuery {
  if (query.trim() === '') return { match_all: {} };
  return { query_string: { query, analyze_wildcard: true, time_zone: 'Zulu' } };
}

export function buildRuleQuery({ query, language = 'kuery', filters = [] }: RuleQueryInput): RuleQueryResult {
  const badFilter = firstNonObjectFilter(filters);
  if (badFilter !== undefined) return { ok: false, error: `filters[${badFilter}] is not a Kibana filter object`, problems: [] };
  const must: DslQuery[] = [];
  const filter: DslQuery[] = [];
  if (language === 'kuery') {
    const parsed = parseKql(query);
    if (!parsed.ok) return { ok: false, error: parsed.errors.map((problem) => problem.message).join('; '), problems: parsed.errors };
    // from_kuery.ts joins the queries with `and`, whose clauses go under bool.filter.
    filter.push(kqlToDsl(parsed.query));
  } else if (language === 'lucene') {
    must.push(luceneClause(query));
  } else {
    return { ok: false, error: `a ${language} query has no query DSL translation`, problems: [] };
  }
  const fromFilters = filtersToDsl(filters);
  // build_es_query.ts drops match_all from must, filter and should (not from must_not).
  return {
    ok: true,
    query: {
      bool: {
        must: must.filter((clause) => !matchAll(clause)),
        filter: [...filter, ...fromFilters.filter].filter((clause) => !matchAll(clause)),
        should: [],
        must_not: fromFilters.must_not,
      },
    },
  };
}
