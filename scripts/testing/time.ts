// Times in test cases: ISO-8601, epoch milliseconds, or date math relative to the run (`now-2m`),
// and the durations of rule schedules (`5m`, `now-9m`).

const unitMillis: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export class TimeError extends Error {}

/** Milliseconds of a duration such as `5m`, `90s`, `1h`. */
export function durationMillis(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!match) throw new TimeError(`"${text}" is not a duration (a number and ms, s, m, h, d or w)`);
  return Number(match[1]) * (unitMillis[match[2] as string] as number);
}

/** The look-back of a rule's `from` (`now-9m` → 9 minutes in ms). */
export function lookbackMillis(from: string | undefined): number {
  if (from === undefined) return 6 * 60_000; // Kibana's default: now-6m
  const match = /^now-(\d+)([smhdwMy])$/.exec(from);
  if (!match) throw new TimeError(`rule "from" must look like now-9m; got "${from}"`);
  const unit = match[2] as string;
  const millis = unit === 'M' ? 30 * unitMillis.d! : unit === 'y' ? 365 * unitMillis.d! : (unitMillis[unit] as number);
  return Number(match[1]) * millis;
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
    const step = /([+-])(\d+)(ms|s|m|h|d)/y;
    let offset = 0;
    while (offset < steps.length) {
      step.lastIndex = offset;
      const match = step.exec(steps);
      if (!match) throw new TimeError(`"${value}" is not date math like now-2m or now+30s`);
      millis += (match[1] === '-' ? -1 : 1) * Number(match[2]) * (unitMillis[match[3] as string] as number);
      offset = step.lastIndex;
    }
    return millis;
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new TimeError(`"${value}" is not an ISO-8601 time`);
  return parsed;
}
