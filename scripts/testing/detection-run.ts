// One execution of a rule as Kibana's detection engine runs it: the rule's indices, the look-back
// window ending at `now`, `max_signals`, and the rule type's alerts: one per matched event or
// sequence (eql, query), per bucket (threshold) or per new value combination (new_terms).
import { createHash } from 'node:crypto';
import type { Query } from '../eql/ast.js';
import { sourceValues } from '../engines/embedded/field-access.js';
import { resolveDateMath } from '../engines/dsl/index.js';
import type { DetectionResponse, DslQuery, EqlHitEvent, EqlSearchResponse, EventDocument, FieldTypes } from '../engines/types.js';
import type { RuleFile } from '../rules/rule-file.js';
import type { DslRuleSearch, RuleSearch, SearchScope } from './backend.js';
import { lookbackMillis } from './time.js';
import { DEFAULT_MAX_SIGNALS } from '../rules/kibana-defaults.js';

export interface Alert {
  /** The `_id`s of the alert's events, in order (a sequence's missing-event placeholders are left out). */
  readonly ids: string[];
  readonly events: EqlHitEvent[];
  /** The Kibana alert fields a test may assert. */
  readonly fields: Record<string, unknown>;
}


/** The indices, window and timestamp fields of one run at `now` (epoch ms); without `now`, no window. */
export function searchScope(rule: RuleFile, documents: readonly EventDocument[], fieldTypes: FieldTypes, now: number | undefined): SearchScope {
  const body = rule.document.rule;
  const override = body.timestamp_override !== undefined && body.timestamp_override !== '@timestamp' ? body.timestamp_override : undefined;
  return {
    indexPatterns: body.index ?? [],
    documents,
    ...(now !== undefined ? { window: { from: now - lookbackMillis(body.from), to: now } } : {}),
    timestampField: override ?? '@timestamp',
    ...(override !== undefined && body.timestamp_override_fallback_disabled !== true ? { fallbackTimestampField: '@timestamp' } : {}),
    fieldTypes,
  };
}

/** The search of one run at `now` (epoch ms); without `now`, a retro-hunt: no window and no size cap. */
export function ruleSearchFor(
  rule: RuleFile,
  query: Query,
  documents: readonly EventDocument[],
  fieldTypes: FieldTypes,
  now?: number,
): RuleSearch {
  const body = rule.document.rule;
  return {
    ...searchScope(rule, documents, fieldTypes, now),
    query,
    queryText: body.query ?? '',
    options: {
      ...(body.timestamp_field ? { timestamp_field: body.timestamp_field } : {}),
      ...(body.event_category_override ? { event_category_field: body.event_category_override } : {}),
      ...(body.tiebreaker_field ? { tiebreaker_field: body.tiebreaker_field } : {}),
      size: now !== undefined ? (body.max_signals ?? DEFAULT_MAX_SIGNALS) : Number.MAX_SAFE_INTEGER,
    },
  };
}

/** The threshold fields of a rule: none, one or several (`field` may be a string, empty for none). */
export function thresholdFields(rule: RuleFile): string[] {
  const field = rule.document.rule.threshold?.field ?? [];
  return (Array.isArray(field) ? field : [field]).filter((name) => name !== '');
}

/** The new_terms fields and history window start, in Kibana's layout or detection-rules' `new_terms` table. */
export function newTermsSettings(rule: RuleFile): { fields: string[]; historyWindowStart: string | undefined } {
  const body = rule.document.rule;
  return {
    fields: body.new_terms_fields ?? body.new_terms?.value ?? [],
    historyWindowStart: body.history_window_start ?? body.new_terms?.history_window_start[0]?.value,
  };
}

/**
 * One run at `now` of a query, threshold or new_terms rule whose query (with its filters) is
 * `query`; without `now`, a retro-hunt of a query or threshold rule: no window, no cap, date math
 * from the wall clock.
 */
export function dslRuleSearchFor(rule: RuleFile, query: DslQuery, documents: readonly EventDocument[], fieldTypes: FieldTypes, now?: number): DslRuleSearch {
  const body = rule.document.rule;
  const ruleType = body.type;
  if (ruleType !== 'query' && ruleType !== 'threshold' && ruleType !== 'new_terms') throw new Error(`a ${ruleType} rule does not run a query DSL search`);
  if (ruleType === 'new_terms' && now === undefined) throw new Error('a new_terms rule decides what is new at a run time: give one');
  const threshold = body.threshold;
  const newTerms = newTermsSettings(rule);
  const at = now ?? Date.now();
  return {
    ...searchScope(rule, documents, fieldTypes, now),
    ruleType,
    query,
    now: at,
    maxSignals: now === undefined ? Number.MAX_SAFE_INTEGER : (body.max_signals ?? DEFAULT_MAX_SIGNALS),
    ...(ruleType === 'threshold' && threshold
      ? {
          threshold: {
            fields: thresholdFields(rule),
            value: threshold.value,
            ...(threshold.cardinality?.[0] ? { cardinality: { field: threshold.cardinality[0].field, value: threshold.cardinality[0].value } } : {}),
          },
        }
      : {}),
    ...(ruleType === 'new_terms'
      ? { newTerms: { fields: newTerms.fields, historyWindowStart: resolveDateMath(newTerms.historyWindowStart ?? 'now-7d', { now: at, roundUp: false }) } }
      : {}),
  };
}

function ruleFields(rule: RuleFile): Record<string, unknown> {
  const body = rule.document.rule;
  return {
    'kibana.alert.rule.rule_id': body.rule_id,
    'kibana.alert.rule.name': body.name,
    'kibana.alert.severity': body.severity,
    'kibana.alert.risk_score': body.risk_score,
  };
}

/** The event's timestamp as its document gives it, wherever the document's shape puts it. */
const originalTime = (event: EqlHitEvent | undefined, timestampField: string): unknown =>
  (event?._source ? sourceValues(event._source, timestampField)[0] : undefined) ?? null;

const isoTime = (millis: number | null): string | null => (millis === null ? null : new Date(millis).toISOString());

/**
 * Turns the answer of a query, threshold or new_terms run into alerts as Kibana writes them. A
 * threshold alert's time is its bucket's latest event and its `threshold_result` is
 * bulk_create_threshold_signals.ts's (terms, count, from, cardinality); its events, for `matches`,
 * are the bucket's. A new_terms alert carries the new values in `kibana.alert.new_terms`.
 */
export function alertsFromDetection(rule: RuleFile, response: DetectionResponse, timestampField: string): Alert[] {
  const base = ruleFields(rule);
  const eventAlert = (event: EventDocument, extra: Record<string, unknown> = {}): Alert => ({
    ids: [event._id],
    events: [event],
    fields: { ...base, 'kibana.alert.original_time': originalTime(event, timestampField), ...extra },
  });
  switch (response.ruleType) {
    case 'query':
      return response.hits.map((event) => eventAlert(event));
    case 'new_terms':
      return response.hits.map((hit) => eventAlert(hit.event, { 'kibana.alert.new_terms': [...hit.terms] }));
    case 'threshold':
      return response.buckets.map((bucket) => ({
        ids: bucket.documents.map((event) => event._id),
        events: [...bucket.documents],
        fields: {
          ...base,
          'kibana.alert.original_time': isoTime(bucket.maxTimestamp),
          'kibana.alert.threshold_result': {
            terms: bucket.terms.map((term) => ({ field: term.field, value: term.value })),
            count: bucket.count,
            from: isoTime(bucket.minTimestamp),
            ...(bucket.cardinality ? { cardinality: [{ field: bucket.cardinality.field, value: bucket.cardinality.value }] } : {}),
          },
        },
      }));
  }
}

/** Turns an `_eql/search` response into alerts, as the detection engine does. */
export function alertsFromResponse(rule: RuleFile, response: EqlSearchResponse, timestampField: string): Alert[] {
  const base = ruleFields(rule);
  const time = (event: EqlHitEvent | undefined) => originalTime(event, timestampField);
  const events = (response.hits.events ?? []).map((event) => ({
    ids: [event._id],
    events: [event],
    fields: { ...base, 'kibana.alert.original_time': time(event) },
  }));
  const sequences = (response.hits.sequences ?? []).map((sequence) => {
    const present = sequence.events.filter((event) => !event.missing && event._source);
    const ids = present.map((event) => event._id);
    return {
      ids,
      events: sequence.events,
      fields: {
        ...base,
        'kibana.alert.original_time': time(present[0]),
        // Kibana links a sequence's building-block alerts by a hash of the events it joined.
        'kibana.alert.group.id': createHash('sha256').update(present.map((event) => `${event._index}/${event._id}`).join('\n')).digest('hex'),
      },
    };
  });
  return [...events, ...sequences];
}
