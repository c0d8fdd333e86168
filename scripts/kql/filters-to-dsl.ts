// A rule's `filters` (Kibana filter objects, as the rule UI saves them) to query DSL, as Kibana's
// buildQueryFromFilters does (kbn-es-query/src/es_query/from_filters.ts, migrate_filter.ts,
// from_combined_filter.ts; filters/helpers: cleanFilter drops meta and $state, isFilterDisabled reads
// meta.disabled). The detection engine's data view knows no fields, so from_nested_filter.ts never
// wraps a filter, and ignoreFilterIfFieldNotInIndex is false, so no filter is dropped for its fields.
import type { DslQuery } from './to-dsl.js';

export type KibanaFilter = { [key: string]: unknown; meta?: FilterMeta };

interface FilterMeta {
  [key: string]: unknown;
  disabled?: unknown;
  negate?: unknown;
  type?: unknown;
  relation?: unknown;
  params?: unknown;
}

export interface FilterClauses {
  readonly filter: DslQuery[];
  readonly must_not: DslQuery[];
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first filter that is not an object, by index, or undefined when all are objects. */
export function firstNonObjectFilter(filters: readonly unknown[]): number | undefined {
  const index = filters.findIndex((filter) => filter !== null && filter !== undefined && filter !== false && !isObject(filter));
  return index < 0 ? undefined : index;
}

/** migrate_filter.ts: the legacy `match` with type phrase becomes match_phrase; other keys move under `query`. */
function migrateFilter(filter: KibanaFilter): KibanaFilter {
  const match = (isObject(filter.match) ? filter.match : isObject(filter.query) && isObject(filter.query.match) ? filter.query.match : undefined) ?? {};
  const fieldName = Object.keys(match)[0];
  const params = fieldName === undefined ? undefined : match[fieldName];
  if (fieldName !== undefined && isObject(params) && params.type === 'phrase') {
    const { type: _type, ...rest } = params;
    return { meta: filter.meta, $state: filter.$state, query: { match_phrase: { [fieldName]: rest } } };
  }
  if (filter.query) return { meta: filter.meta, query: filter.query, $state: filter.$state };
  const query: Record<string, unknown> = {};
  for (const key of ['exists', 'range', 'match_all']) if (filter[key]) query[key] = filter[key];
  for (const [key, value] of Object.entries(filter)) {
    if (key !== 'meta' && key !== '$state' && key !== 'query' && !(key in query)) query[key] = value;
  }
  return { meta: filter.meta, $state: filter.$state, query };
}

/** from_combined_filter.ts: a combined filter's params become a bool of their own. */
function combineFilter(filter: KibanaFilter): KibanaFilter {
  const meta = filter.meta;
  if (meta?.type !== 'combined' || !Array.isArray(meta.params)) return filter;
  const params = meta.params.filter(isObject) as KibanaFilter[];
  if (meta.relation === 'AND') return { ...filter, query: { bool: boolOfFilters(params) } };
  const should = params.map((sub) => ({ bool: boolOfFilters([sub]) }));
  return { ...filter, query: { bool: { should, minimum_should_match: 1 } } };
}

function filterToDsl(filter: KibanaFilter): DslQuery {
  const { meta: _meta, $state: _state, ...cleaned } = combineFilter(migrateFilter(filter));
  return (cleaned.query || cleaned) as DslQuery;
}

function boolOfFilters(filters: readonly KibanaFilter[]): { must: DslQuery[]; filter: DslQuery[]; should: DslQuery[]; must_not: DslQuery[] } {
  const { filter, must_not } = filtersToDsl(filters);
  return { must: [], filter, should: [], must_not };
}

/**
 * Enabled filters as bool clauses (from_filters.ts filterNegate): `meta.negate: true` under
 * must_not; no meta.negate, or false, under filter; any other negate value in neither, as in Kibana.
 */
export function filtersToDsl(filters: readonly unknown[]): FilterClauses {
  const enabled = filters.filter((filter): filter is KibanaFilter => isObject(filter) && !(isObject(filter.meta) && filter.meta.disabled));
  const negate = (filter: KibanaFilter): unknown => (isObject(filter.meta) ? filter.meta.negate : undefined);
  return {
    filter: enabled.filter((filter) => negate(filter) === undefined || negate(filter) === false).map(filterToDsl),
    must_not: enabled.filter((filter) => negate(filter) === true).map(filterToDsl),
  };
}
