// One execution of a rule as Kibana's detection engine runs it: the rule's indices, the look-back
// window ending at `now`, its EQL options, `max_signals` as the size, and one alert per matched
// event or one per sequence.
import { createHash } from 'node:crypto';
import type { Query } from '../eql/ast.js';
import { sourceValues } from '../engines/embedded/field-access.js';
import type { EqlHitEvent, EqlSearchResponse, EventDocument, FieldTypes } from '../engines/types.js';
import type { RuleFile } from '../rules/rule-file.js';
import type { RuleSearch } from './backend.js';
import { lookbackMillis } from './time.js';
import { DEFAULT_MAX_SIGNALS } from '../rules/kibana-defaults.js';

export interface Alert {
  /** The `_id`s of the alert's events, in order (a sequence's missing-event placeholders are left out). */
  readonly ids: string[];
  readonly events: EqlHitEvent[];
  /** The Kibana alert fields a test may assert. */
  readonly fields: Record<string, unknown>;
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
  const override = body.timestamp_override !== undefined && body.timestamp_override !== '@timestamp' ? body.timestamp_override : undefined;
  return {
    query,
    queryText: body.query ?? '',
    indexPatterns: body.index ?? [],
    documents,
    ...(now !== undefined ? { window: { from: now - lookbackMillis(body.from), to: now } } : {}),
    timestampField: override ?? '@timestamp',
    ...(override !== undefined && body.timestamp_override_fallback_disabled !== true ? { fallbackTimestampField: '@timestamp' } : {}),
    options: {
      ...(body.timestamp_field ? { timestamp_field: body.timestamp_field } : {}),
      ...(body.event_category_override ? { event_category_field: body.event_category_override } : {}),
      ...(body.tiebreaker_field ? { tiebreaker_field: body.tiebreaker_field } : {}),
      size: now !== undefined ? (body.max_signals ?? DEFAULT_MAX_SIGNALS) : Number.MAX_SAFE_INTEGER,
    },
    fieldTypes,
  };
}

/** Turns an `_eql/search` response into alerts, as the detection engine does. */
export function alertsFromResponse(rule: RuleFile, response: EqlSearchResponse, timestampField: string): Alert[] {
  const body = rule.document.rule;
  const base = {
    'kibana.alert.rule.rule_id': body.rule_id,
    'kibana.alert.rule.name': body.name,
    'kibana.alert.severity': body.severity,
    'kibana.alert.risk_score': body.risk_score,
  };
  // The event's timestamp as its document gives it, wherever the document's shape puts it.
  const time = (event: EqlHitEvent | undefined) => (event?._source ? sourceValues(event._source, timestampField)[0] : undefined) ?? null;
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
