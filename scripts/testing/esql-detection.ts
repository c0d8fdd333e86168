// One execution of an ES|QL rule as Kibana's ES|QL executor runs it (security_solution/server/lib/
// detection_engine/rule_types/esql/esql.ts and build_esql_search_request.ts): the rule's query with
// `| limit <max_signals + 1>` appended, a range filter on the timestamp over the look-back window,
// one alert per result row up to max_signals. A query with STATS aggregates, so its rows are the
// alerts' whole content; any other query must keep `_id` (FROM … METADATA _id) and each row's alert
// is its source document with the row's columns merged over it (utils/merge_esql_result_in_source.ts).
import type { Query } from '../esql/ast.js';
import { parseQuery } from '../esql/parser.js';
import type { EsqlResult } from '../engines/esql/run-query.js';
import type { EventDocument, FieldTypes } from '../engines/types.js';
import { DEFAULT_MAX_SIGNALS } from '../rules/kibana-defaults.js';
import type { RuleFile } from '../rules/rule-file.js';
import type { EsqlRuleSearch } from './backend.js';
import { searchScope, type Alert } from './detection-run.js';

/** Whether Kibana treats the query as aggregating (computeIsESQLQueryAggregating): it has a STATS command. */
export function isAggregatingQuery(query: Query): boolean {
  return query.commands.some((command) => command.kind === 'stats');
}

/** The index patterns of the query's source command (FROM), as written. */
export function sourceIndexPatterns(query: Query): string[] {
  const source = query.commands[0];
  if (source === undefined || (source.kind !== 'from' && source.kind !== 'ts')) return [];
  return source.indices.map((index) => (index.cluster ? `${index.cluster}:${index.name}` : index.name));
}

export class EsqlRuleError extends Error {}

/** The rule's query, parsed; an error message when it does not parse. */
export function parseRuleQuery(rule: RuleFile): { query: Query } | { error: string } {
  const parsed = parseQuery(rule.document.rule.query ?? '');
  return parsed.ok ? { query: parsed.query } : { error: `the rule's query does not parse: ${parsed.error.message} (run npm run validate)` };
}

/** Elasticsearch's largest `LIMIT` (esql.query.result_truncation_max_size): a retro-hunt's cap. */
const MAX_LIMIT = 10_000;

/** The search of one run at `now` (epoch ms); without `now`, a retro-hunt: no window, the largest limit, NOW() from the wall clock. */
export function esqlRuleSearchFor(rule: RuleFile, documents: readonly EventDocument[], fieldTypes: FieldTypes, now?: number): EsqlRuleSearch {
  const body = rule.document.rule;
  const maxSignals = now === undefined ? MAX_LIMIT : (body.max_signals ?? DEFAULT_MAX_SIGNALS);
  const queryText = `${(body.query ?? '').trimEnd()}\n| limit ${now === undefined ? MAX_LIMIT : maxSignals + 1}`;
  const parsed = parseQuery(queryText);
  if (!parsed.ok) throw new EsqlRuleError(`the rule's query does not parse: ${parsed.error.message} (run npm run validate)`);
  const scope = searchScope(rule, documents, fieldTypes, now);
  return { ...scope, indexPatterns: sourceIndexPatterns(parsed.query), queryText, query: parsed.query, now: now ?? Date.now(), maxSignals };
}

const METADATA_COLUMNS = new Set(['_id', '_index', '_version']);

/** One alert per row up to max_signals, as Kibana's wrapEsqlAlerts builds them. */
export function alertsFromEsqlResult(rule: RuleFile, search: EsqlRuleSearch, result: EsqlResult): Alert[] {
  const body = rule.document.rule;
  const aggregating = isAggregatingQuery(search.query);
  const idColumn = result.columns.findIndex((column) => column.name === '_id');
  if (!aggregating && idColumn < 0) {
    throw new EsqlRuleError('a non-aggregating ES|QL rule must keep _id (FROM … METADATA _id, and _id in any KEEP): Kibana cannot build its alerts otherwise');
  }
  const base = {
    'kibana.alert.rule.rule_id': body.rule_id,
    'kibana.alert.rule.name': body.name,
    'kibana.alert.severity': body.severity,
    'kibana.alert.risk_score': body.risk_score,
  };
  const byId = new Map(search.documents.map((document) => [document._id, document]));
  return result.values.slice(0, search.maxSignals).map((row) => {
    const columns: Record<string, unknown> = {};
    result.columns.forEach((column, index) => {
      if (!METADATA_COLUMNS.has(column.name) && row[index] !== null) columns[column.name] = row[index];
    });
    const id = !aggregating && idColumn >= 0 ? String(row[idColumn]) : undefined;
    const source = id === undefined ? undefined : byId.get(id);
    return {
      ids: id === undefined ? [] : [id],
      events: source ? [{ _index: source._index, _id: source._id, _source: source._source }] : [],
      fields: { ...base, ...columns },
    };
  });
}
