// Rule schedule durations: `interval = "5m"` and the look-back `from = "now-9m"`, in milliseconds,
// for the timing lints and the replay harness alike. Kibana's defaults apply when a field is absent.
import { DEFAULT_FROM, DEFAULT_INTERVAL } from './kibana-defaults.js';

// Date math also allows weeks, months and years in `from`; months and years count as 30 and 365 days.
const unitMillis: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  M: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

/** `5m` → 300000; undefined when the text is not a whole number and a unit (ms, s, m, h, d, w, M, y). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|[smhdwMy])$/.exec(text);
  return match ? Number(match[1]) * unitMillis[match[2]!]! : undefined;
}

/** `now-9m` → 540000: how far back each run searches. */
export function parseLookBack(from: string): number | undefined {
  return from.startsWith('now-') ? parseDuration(from.slice(4)) : undefined;
}

/** 540000 → `9m`: the largest unit that divides the duration. */
export function formatDuration(millis: number): string {
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = unitMillis[unit]!;
    if (millis % size === 0) return `${millis / size}${unit}`;
  }
  return `${millis}ms`;
}

export interface Schedule {
  readonly from: string;
  readonly interval: string;
  readonly lookBackMillis: number;
  readonly intervalMillis: number;
}

/**
 * The rule's schedule with Kibana's defaults, or undefined when a value cannot be read: the schema
 * reports malformed durations, so the timing lints stay quiet about them.
 */
export function readSchedule(rule: { from?: string; interval?: string }): Schedule | undefined {
  const from = rule.from ?? DEFAULT_FROM;
  const interval = rule.interval ?? DEFAULT_INTERVAL;
  const lookBackMillis = parseLookBack(from);
  const intervalMillis = parseDuration(interval);
  if (lookBackMillis === undefined || intervalMillis === undefined) return undefined;
  return { from, interval, lookBackMillis, intervalMillis };
}
