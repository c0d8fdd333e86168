// Dates as Elasticsearch's `date` fields and range queries read them: the default format
// `strict_date_optional_time||epoch_millis`, date math (`now-5m/d`, `2024-05-01||+1M`), and rounding
// that depends on the side of the range. Settled from elastic/elasticsearch
// server/src/main/java/org/elasticsearch/common/time/JavaDateMathParser.java: a date with missing
// fields rounded up (for `lte` and `gt`) takes their largest values, and `/unit` rounds to the start of
// the unit, or to its last millisecond when rounding up.

import { DslQueryError } from './errors.js';

export class DateMathError extends DslQueryError {}

const ISO =
  /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Offset in minutes of a `time_zone` such as `+01:00`, `-0530` or `UTC`; IANA names other than UTC are not supported. */
export function timeZoneOffset(zone: string | undefined): number {
  if (zone === undefined || ['UTC', 'Z', 'Zulu', 'GMT', 'Etc/UTC'].includes(zone)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!match) throw new DateMathError(`time_zone "${zone}" is not supported here: use an offset such as +01:00 or UTC`);
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

/**
 * Epoch milliseconds of an ISO-8601 date; with `roundUp`, fields left out take their largest value
 * (`2024-05-01` → the day's last millisecond). `zoneMinutes` applies when the text has no offset.
 */
export function parseIsoDate(text: string, roundUp = false, zoneMinutes = 0): number | null {
  const match = ISO.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const given = [month, day, hour, minute, second, fraction].findIndex((part) => part === undefined);
  const fill = (value: string | undefined, low: number, high: number) => (value === undefined ? (roundUp ? high : low) : Number(value));
  const y = Number(year);
  const m = fill(month, 1, 12);
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const millis = fraction === undefined ? (roundUp && given !== -1 ? 999 : 0) : Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(y, m - 1, fill(day, 1, lastDay), fill(hour, 0, 23), fill(minute, 0, 59), fill(second, 0, 59), millis);
  if (Number.isNaN(utc)) return null;
  let offset = zoneMinutes;
  if (zone !== undefined) {
    if (zone === 'Z') offset = 0;
    else {
      const digits = zone.slice(1).replace(':', '');
      offset = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
    }
  }
  return utc - offset * 60_000;
}

/** A stored date value: epoch milliseconds as a number or numeric string, else ISO-8601. */
export function storedDateMillis(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return parseIsoDate(value);
}

type Unit = 'y' | 'M' | 'w' | 'd' | 'h' | 'H' | 'm' | 's';

function add(millis: number, amount: number, unit: Unit, zoneMinutes: number): number {
  const date = new Date(millis + zoneMinutes * 60_000);
  switch (unit) {
    case 'y':
      date.setUTCFullYear(date.getUTCFullYear() + amount);
      break;
    case 'M':
      date.setUTCMonth(date.getUTCMonth() + amount);
      break;
    case 'w':
      return millis + amount * 7 * 86_400_000;
    case 'd':
      date.setUTCDate(date.getUTCDate() + amount);
      break;
    case 'h':
    case 'H':
      return millis + amount * 3_600_000;
    case 'm':
      return millis + amount * 60_000;
    case 's':
      return millis + amount * 1000;
  }
  return date.getTime() - zoneMinutes * 60_000;
}

function roundDown(millis: number, unit: Unit, zoneMinutes: number): number {
  const d = new Date(millis + zoneMinutes * 60_000);
  const at = (...parts: [number, number?, number?, number?, number?, number?]) => Date.UTC(...(parts as [number, number])) - zoneMinutes * 60_000;
  const [y, mo, day, h, mi, s] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  switch (unit) {
    case 'y':
      return at(y, 0, 1);
    case 'M':
      return at(y, mo, 1);
    case 'w': {
      // Weeks start on Monday (ISO), as Elasticsearch's rounding does.
      const monday = (d.getUTCDay() + 6) % 7;
      return at(y, mo, day - monday);
    }
    case 'd':
      return at(y, mo, day);
    case 'h':
    case 'H':
      return at(y, mo, day, h);
    case 'm':
      return at(y, mo, day, h, mi);
    case 's':
      return at(y, mo, day, h, mi, s);
  }
}

export interface DateMathOptions {
  readonly now: number;
  /** Round missing fields and `/unit` up (for `lte` and `gt`). */
  readonly roundUp: boolean;
  readonly timeZone?: string;
  /** The range's `format`; only `epoch_millis`, `epoch_second` and the ISO family are read. */
  readonly format?: string;
}

/** Epoch milliseconds of a range bound or term value on a date field. */
export function resolveDateMath(value: unknown, options: DateMathOptions): number {
  const zone = timeZoneOffset(options.timeZone);
  if (typeof value === 'number') return options.format === 'epoch_second' ? value * 1000 : value;
  if (typeof value !== 'string') throw new DateMathError(`${JSON.stringify(value)} is not a date`);
  let anchor: number | null;
  let math: string;
  if (value.startsWith('now')) {
    anchor = options.now;
    math = value.slice(3);
  } else {
    const split = value.indexOf('||');
    const text = split === -1 ? value : value.slice(0, split);
    math = split === -1 ? '' : value.slice(split + 2);
    const formats = (options.format ?? 'strict_date_optional_time||epoch_millis').split('||');
    anchor = null;
    for (const format of formats) {
      if (format === 'epoch_millis' && /^-?\d+$/.test(text)) anchor = Number(text);
      else if (format === 'epoch_second' && /^-?\d+(\.\d+)?$/.test(text)) anchor = Number(text) * 1000;
      else if (/date|time/.test(format)) anchor = parseIsoDate(text, options.roundUp && math === '', zone);
      if (anchor !== null) break;
    }
    if (anchor === null) throw new DateMathError(`failed to parse date "${text}" with format [${formats.join('||')}]`);
  }
  const step = /([+-])(\d+)([yMwdhHms])|\/([yMwdhHms])/y;
  let offset = 0;
  let millis = anchor;
  while (offset < math.length) {
    step.lastIndex = offset;
    const match = step.exec(math);
    if (!match) throw new DateMathError(`"${value}" has invalid date math "${math.slice(offset)}"`);
    if (match[4] !== undefined) {
      const unit = match[4] as Unit;
      millis = roundDown(millis, unit, zone);
      if (options.roundUp) millis = add(millis, 1, unit, zone) - 1;
    } else {
      millis = add(millis, (match[1] === '-' ? -1 : 1) * Number(match[2]), match[3] as Unit, zone);
    }
    offset = step.lastIndex;
  }
  return millis;
}
