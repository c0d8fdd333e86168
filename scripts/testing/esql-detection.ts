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
import type { Alert } from './detection-run.js';
import { searchedDocuments } from './embedded-backend.js';
import { lookbackMillis } from './time.js';

export interface EsqlRuleSearch {
  /** The query as Kibana sends it, with the size limit appended. */
  readonly queryText: string;
  /** That query, parsed. */
  readonly query: Query;
  /** The documents of the test case inside the look-back window (the request's range filter). */
  readonly documents: readonly EventDocument[];
  readonly window?: { readonly from: number; readonly to: number };
  readonly timestampField: string;
  readonly fieldTypes: FieldTypes;
  readonly now: number;
  readonly maxSignals: number;
}

/** Whether Kibana treats the query as aggregating (computeIsESQLQueryAggregating): it has a STATS command. */
export function isAggregatingQuery(query: Query): boolean {
  return query.commands.some((command) => command.kind === 'stats');
}

export class EsqlRuleError extends Error {}

export function esqlSearchFor(rule: RuleFile, documents: readonly EventDocument[], fieldTypes: FieldTypes, now: number | undefined): EsqlRuleSearch {
  const body = rule.document.rule;
  const maxSignals = now === undefined ? 10_000 : (body.max_signals ?? DEFAULT_MAX_SIGNALS);
  const queryText = `${(body.query ?? '').trimEnd()}\n| limit ${maxSignals + 1}`;
  const parsed = parseQuery(queryText);
  if (!parsed.ok) throw new EsqlRuleError(`the rule's query does not parse: ${parsed.error.message} (run npm run validate)`);
  const override = body.timestamp_override !== undefined && body.timestamp_override !== '@timestamp' ? body.timestamp_override : undefined;
  const window = now === undefined ? undefined : { from: now - lookbackMillis(body.from), to: now };
  const timestampField = override ?? '@timestamp';
  const selection = {
    documents,
    indexPatterns: ['*'],
    ...(window ? { window } : {}),
    timestampField,
    ...(override !== undefined && body.timestamp_override_fallback_disabled !== true ? { fallbackTimestampField: '@timestamp' } : {}),
    fieldTypes,
  };
  return {
    queryText,
    query: parsed.query,
    documents: searchedDocuments(selection),
    ...(window ? { window } : {}),
    timestampField,
    fieldTypes,
    now: now ?? Date.now(),
    maxSignals,
  };
}

/** One alert per row up to max_signals, as wrapEsqlAlerts builds them. */
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
      if (!['_id', '_index', '_version'].includes(column.name) && row[index] !== null) columns[column.name] = row[index];
    });
    const id = idColumn >= 0 ? String(row[idColumn]) : undefined;
    const source = id !== undefined && !aggregating ? byId.get(id) : undefined;
    return {
      ids: id !== undefined && !aggregating ? [id] : [],
      events: source ? [{ _index: source._index, _id: source._id, _source: source._source }] : [],
      fields: { ...base, ...columns },
    };
  });
}
