// Field-level differences between the payload we would send and the rule Kibana holds, after
// setting aside what Kibana adds on its own: response-only fields, `required_fields[].ecs`,
// and the defaults it fills in for fields we did not send.
import { DEFAULT_FROM, DEFAULT_INTERVAL, DEFAULT_MAX_SIGNALS, DEFAULT_VERSION } from '../rules/kibana-defaults.js';
import { RESPONSE_ONLY_FIELDS, type KibanaRulePayload, type LiveRule } from './kibana-rule.js';

/** What Kibana stores for a field the request left out. A live value equal to it is no drift. */
export const KIBANA_DEFAULTS: Readonly<Record<string, unknown>> = {
  actions: [],
  author: [],
  exceptions_list: [],
  false_positives: [],
  filters: [],
  from: DEFAULT_FROM,
  interval: DEFAULT_INTERVAL,
  language: 'kuery',
  max_signals: DEFAULT_MAX_SIGNALS,
  meta: {},
  output_index: '',
  references: [],
  related_integrations: [],
  required_fields: [],
  risk_score_mapping: [],
  setup: '',
  severity_mapping: [],
  tags: [],
  threat: [],
  throttle: 'no_actions',
  to: 'now',
  version: DEFAULT_VERSION,
  // Kibana's own default (RM/logic/detection_rules_client/mergers/apply_rule_defaults.ts); the
  // payload always sends `enabled`, so this entry only reads a live rule correctly.
  enabled: false,
};

export interface FieldChange {
  /** Dotted path: `severity`, `threat[0].tactic.id`. */
  readonly path: string;
  /** Kibana's value; absent when Kibana does not have the field. */
  readonly before?: unknown;
  /** The repository's value; absent when the repository drops the field. */
  readonly after?: unknown;
}

/** The live rule as a payload: response-only fields dropped, `ecs` taken out of required_fields. */
export function comparableLiveRule(live: LiveRule): Record<string, unknown> {
  const rule: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(live)) {
    if (!RESPONSE_ONLY_FIELDS.includes(key) && value !== undefined) rule[key] = value;
  }
  if (Array.isArray(rule.required_fields)) {
    rule.required_fields = (rule.required_fields as { name: string; type: string }[]).map(({ name, type }) => ({ name, type }));
  }
  return rule;
}

export function diffRule(desired: KibanaRulePayload, live: LiveRule): FieldChange[] {
  const current = comparableLiveRule(live);
  const changes: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(desired), ...Object.keys(current)])].sort();
  for (const key of keys) {
    const after = desired[key];
    const before = current[key];
    if (after === undefined) {
      if (before !== undefined && !deepEqual(before, KIBANA_DEFAULTS[key])) changes.push({ path: key, before });
    } else if (before === undefined) {
      if (!deepEqual(after, KIBANA_DEFAULTS[key])) changes.push({ path: key, after });
    } else {
      diffValue(key, before, after, changes);
    }
  }
  return changes;
}

function diffValue(path: string, before: unknown, after: unknown, changes: FieldChange[]): void {
  if (deepEqual(before, after)) return;
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, index) => diffValue(`${path}[${index}]`, item, after[index], changes));
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const child = `${path}.${key}`;
      if (!(key in after)) changes.push({ path: child, before: before[key] });
      else if (!(key in before)) changes.push({ path: child, after: after[key] });
      else diffValue(child, before[key], after[key], changes);
    }
    return;
  }
  changes.push({ path, before, after });
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const otherKeys = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === otherKeys.length && keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
