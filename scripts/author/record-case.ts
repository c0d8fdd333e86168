// `new case`: turns real events into a rule test case. The rule is replayed over the events as a
// retro-hunt (as `replay` does; a new_terms rule as one run at the export's end); a positive case
// keeps the events of one alert, a negative case events that raised none. Either is trimmed to the
// fields the rule reads, timed one minute after its newest event, and its `expect` is what one run
// of the rule over the trimmed case gives, the run the test runner makes.
import type { FieldCatalogue } from '../eql/index.js';
import { firstDateReader } from '../engines/embedded/ordering.js';
import type { EventDocument } from '../engines/types.js';
import type { RuleFile } from '../rules/rule-file.js';
import type { Alert } from '../testing/detection-run.js';
import { fieldTypesFor } from '../testing/field-types.js';
import type { RunnablePlan } from '../testing/run-tests.js';
import { matchesIndexPatterns } from '../testing/index-patterns.js';
import { lookbackMillis } from '../testing/time.js';
import { pickFields } from '../testing/pick-fields.js';

const ONE_MINUTE = 60_000;

export interface RecordedDocument {
  readonly _id: string;
  readonly _index: string;
  readonly [field: string]: unknown;
}

export interface RecordedCase {
  readonly name: string;
  readonly now: string;
  readonly documents: RecordedDocument[];
  readonly expect: { alerts: number; matches?: string[][] };
}

export interface RecordInput {
  readonly rule: RuleFile;
  /** How the rule replays and which indices it reads (run-tests.ts's plan for it). */
  readonly plan: RunnablePlan;
  readonly events: readonly EventDocument[];
  /** The fields the rule reads (query-fields.ts). */
  readonly fields: readonly string[];
  readonly catalogue: FieldCatalogue;
}

const run = async (input: RecordInput, documents: readonly EventDocument[], now?: number): Promise<Alert[]> => (await input.plan.execute(documents, now)).alerts;

/**
 * Every alert of a retro-hunt over the events: no window, no size cap. A new_terms rule decides
 * what is new at a run time: one run a minute after the newest event, over its look-back.
 */
export function huntAlerts(input: RecordInput): Promise<Alert[]> {
  if (input.rule.document.rule.type !== 'new_terms') return run(input, input.events);
  const time = timeReader(input);
  const newest = Math.max(...input.events.map((event) => time(event) ?? -Infinity));
  return run(input, input.events, (Number.isFinite(newest) ? newest : Date.now()) + ONE_MINUTE);
}

function timeReader(input: RecordInput): (document: EventDocument) => number | null {
  const body = input.rule.document.rule;
  const field = body.timestamp_override ?? '@timestamp';
  const read = firstDateReader(field, fieldTypesFor(input.events, input.catalogue, input.plan.indexPatterns));
  return (document) => read(document._source);
}

/** The case from `documents`, trimmed, with the run time and the expectation one run gives. */
async function caseFrom(input: RecordInput, name: string, documents: readonly EventDocument[]): Promise<RecordedCase> {
  const time = timeReader(input);
  const newest = Math.max(...documents.map((document) => time(document) ?? -Infinity));
  const now = (Number.isFinite(newest) ? newest : Date.now()) + ONE_MINUTE;
  const trimmed = documents.map((document) => ({ ...document, _source: pickFields(document._source, input.fields) }));
  const alerts = await run(input, trimmed, now);
  return {
    name,
    now: new Date(now).toISOString(),
    documents: trimmed.map((document) => ({ _id: document._id, _index: document._index, ...document._source })),
    expect: alerts.length === 0 ? { alerts: 0 } : { alerts: alerts.length, matches: alerts.map((alert) => alert.ids) },
  };
}

/** A case that must alert: the events of `alert`. */
export function positiveCase(input: RecordInput, alert: Alert, name: string): Promise<RecordedCase> {
  const ids = new Set(alert.ids);
  return caseFrom(input, name, input.events.filter((event) => ids.has(event._id)));
}

/**
 * A case that must not alert: up to `limit` events in the rule's indices that raised no alert in
 * the hunt, the newest ones within one look-back of the newest (older ones no run would search).
 */
export async function negativeCase(input: RecordInput, alerts: readonly Alert[], name: string, limit: number): Promise<RecordedCase | undefined> {
  const body = input.rule.document.rule;
  const alerting = new Set(alerts.flatMap((alert) => alert.ids));
  const time = timeReader(input);
  const quiet = input.events
    .filter((event) => !alerting.has(event._id) && matchesIndexPatterns(input.plan.indexPatterns, event._index) && time(event) !== null)
    .sort((a, b) => (time(a) as number) - (time(b) as number));
  const newest = quiet.length > 0 ? (time(quiet[quiet.length - 1] as EventDocument) as number) : undefined;
  if (newest === undefined) return undefined;
  const from = newest - lookbackMillis(body.from);
  const chosen = quiet.filter((event) => (time(event) as number) >= from).slice(-limit);
  return caseFrom(input, name, chosen);
}
