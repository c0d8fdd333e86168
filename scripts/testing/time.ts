// Times in test cases: ISO-8601, epoch milliseconds, or date math relative to the run (`now-2m`),
// and the look-back of the rule being run. Durations are read as the rule schedule reads them.
import { DEFAULT_FROM } from '../rules/kibana-defaults.js';
import { parseDuration, parseLookBack } from '../rules/schedule.js';

export class TimeError extends Error {}

/** The look-back of a rule's `from` (`now-9m` → 9 minutes in ms); Kibana's default when absent. */
export function lookbackMillis(from: string | undefined): number {
  const millis = parseLookBack(from ?? DEFAULT_FROM);
  if (millis === undefined) throw new TimeError(`rule "from" must look like now-9m; got "${from}"`);
  return millis;
}

export function isRelativeTime(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('now');
}

/** Epoch milliseconds of a case time; date math needs `now`. */
export function resolveTime(value: unknown, now: number | undefined): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') throw new TimeError(`${JSON.stringify(value)} is not a time`);
  if (value.startsWith('now')) {
    if (now === undefined) throw new TimeError(`"${value}" is relative to now, but the case has no now`);
    let millis = now;
    const steps = value.slice(3);
    const step = /([+-])(\d+(?:ms|s|m|h|d))/y;
    let offset = 0;
    while (offset < steps.length) {
      step.lastIndex = offset;
      const match = step.exec(steps);
      if (!match) throw new TimeError(`"${value}" is not date math like now-2m or now+30s`);
      millis += (match[1] === '-' ? -1 : 1) * (parseDuration(match[2] as string) as number);
      offset = step.lastIndex;
    }
    return millis;
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new TimeError(`"${value}" is not an ISO-8601 time`);
  return parsed;
}
