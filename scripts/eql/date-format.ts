// Elasticsearch date formats: parsing a date field's values and literals with the mapping's `format`
// (default `strict_date_optional_time||epoch_millis`; `date_nanos` defaults to
// `strict_date_optional_time_nanos||epoch_millis`) and printing a date as Elasticsearch prints it
// (the first format of the list, as the fields API and EQL join keys do).
// Source: elasticsearch server/src/main/java/org/elasticsearch/common/time/DateFormatters.java (the
// named formats), DateFormatter.java (`||` lists, the first one prints), and
// index/mapper/DateFieldMapper.java (the defaults). Custom formats are java.time DateTimeFormatter
// patterns; the letters Elasticsearch rules use are supported (y u M d H h m s S a X x Z and 'quoted'
// text), others are rejected as DateFormatError.
//
// Times are epoch milliseconds, with a fraction for sub-millisecond precision (date_nanos): a double
// holds about a quarter of a microsecond at today's epoch, enough to order events, not to print
// every nanosecond of one.

export class DateFormatError extends Error {}

export interface DateFormat {
  /** The format as the mapping writes it. */
  readonly pattern: string;
  /** Epoch milliseconds (fractional below a millisecond) of a text or number, or null when no format parses it. */
  parse(value: unknown): number | null;
  /** The date as Elasticsearch prints it, in the first format of the list. */
  print(millis: number): string;
}

type Parser = (text: string) => number | null;
type Printer = (millis: number) => string;

interface SingleFormat {
  readonly parse: Parser;
  readonly print: Printer;
  /** Whether a JSON number is read by this format directly (epoch formats). */
  readonly numeric?: (value: number) => number;
}

const pad = (n: number, width: number): string => String(Math.trunc(Math.abs(n))).padStart(width, '0');

function utcParts(millis: number) {
  const whole = Math.floor(millis);
  const date = new Date(whole);
  // A double holds about a quarter microsecond here: print to the microsecond, not below.
  const nanos = Math.round((millis - whole) * 1e3) * 1e3 + date.getUTCMilliseconds() * 1e6;
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    nanos,
  };
}

/** Fraction digits between min and max, trailing zeros trimmed down to min (java appendFraction). */
function fraction(nanos: number, min: number, max: number): string {
  let digits = pad(nanos, 9).slice(0, max);
  while (digits.length > min && digits.endsWith('0')) digits = digits.slice(0, -1);
  return digits;
}

function fromParts(year: number, month: number, day: number, hour: number, minute: number, second: number, nanos: number, offsetMinutes: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC maps years 0-99 to 1900-1999: set the year explicitly.
  const date = new Date(base);
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.getTime() - offsetMinutes * 60_000 + nanos / 1e6;
}

function offsetOf(zone: string | undefined): number | null {
  if (zone === undefined || zone === '' || zone === 'Z' || zone === 'z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/** ISO 8601 with optional parts, as strict_date_optional_time (strict: fixed digit counts) and date_optional_time read it. */
function isoOptionalTime(strict: boolean, maxFraction: number, minPrintFraction: number): SingleFormat {
  const d = strict ? { y: '\\d{4}', two: '\\d{2}' } : { y: '[+-]?\\d{1,9}', two: '\\d{1,2}' };
  const pattern = new RegExp(
    `^(${d.y})(?:-(${d.two})(?:-(${d.two}))?)?` +
      `(?:T(${d.two})(?::(${d.two})(?::(${d.two})(?:[.,](\\d{1,${maxFraction}}))?)?)?)?` +
      '(Z|z|[+-]\\d{2}(?::?\\d{2})?)?$',
  );
  return {
    parse(text) {
      const m = pattern.exec(text);
      if (!m) return null;
      // A zone needs a time (strict_date_optional_time has no date-only zone).
      if (m[8] !== undefined && m[4] === undefined) return null;
      const offset = offsetOf(m[8]);
      if (offset === null) return null;
      const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'));
      return fromParts(Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), nanos, offset);
    },
    print(millis) {
      const p = utcParts(millis);
      return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}.${fraction(p.nanos, minPrintFraction, maxFraction === 9 ? 9 : 3)}Z`;
    },
  };
}

function epoch(unitMillis: number): SingleFormat {
  return {
    parse(text) {
      if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
      return Number(text) * unitMillis;
    },
    print(millis) {
      const value = millis / unitMillis;
      return Number.isInteger(value) ? String(value) : String(value);
    },
    numeric: (value) => value * unitMillis,
  };
}

// Named formats Elasticsearch rules meet, as java.time patterns (DateFormatters.java).
const namedPatterns: Readonly<Record<string, string>> = {
  basic_date: 'yyyyMMdd',
  basic_date_time: "yyyyMMdd'T'HHmmss.SSSXX",
  basic_date_time_no_millis: "yyyyMMdd'T'HHmmssXX",
  date: 'yyyy-MM-dd',
  strict_date: 'yyyy-MM-dd',
  date_hour_minute_second: "yyyy-MM-dd'T'HH:mm:ss",
  strict_date_hour_minute_second: "yyyy-MM-dd'T'HH:mm:ss",
  date_hour_minute_second_millis: "yyyy-MM-dd'T'HH:mm:ss.SSS",
  strict_date_hour_minute_second_millis: "yyyy-MM-dd'T'HH:mm:ss.SSS",
  date_time: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  strict_date_time: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  date_time_no_millis: "yyyy-MM-dd'T'HH:mm:ssXXX",
  strict_date_time_no_millis: "yyyy-MM-dd'T'HH:mm:ssXXX",
  year_month_day: 'yyyy-MM-dd',
  strict_year_month_day: 'yyyy-MM-dd',
  year: 'yyyy',
  strict_year: 'yyyy',
  year_month: 'yyyy-MM',
  strict_year_month: 'yyyy-MM',
};

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Token {
  readonly regex: string;
  readonly apply?: (value: string, fields: Record<string, number>) => boolean;
  readonly print: (p: ReturnType<typeof utcParts>) => string;
}

function numberToken(field: string, width: number, fixed: boolean, printWidth = width): Token {
  return {
    regex: fixed ? `(\\d{${width}})` : `(\\d{1,${Math.max(width, 2)}})`,
    apply: (value, fields) => {
      fields[field] = Number(value);
      return true;
    },
    print: (p) => pad((p as unknown as Record<string, number>)[field] ?? 0, printWidth),
  };
}

/** Compiles a java.time pattern into a parser and printer (UTC). */
function javaPattern(pattern: string): SingleFormat {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new DateFormatError(`unterminated quote in date format [${pattern}]`);
      const text = end === i + 1 ? "'" : pattern.slice(i + 1, end);
      tokens.push({ regex: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), print: () => text });
      i = end + 1;
      continue;
    }
    let run = 1;
    while (pattern[i + run] === c) run++;
    i += run;
    switch (c) {
      case 'y':
      case 'u':
        tokens.push(run === 2 ? { ...numberToken('year', 2, true), apply: (v, f) => ((f.year = 2000 + Number(v)), true), print: (p) => pad(p.year % 100, 2) } : numberToken('year', Math.max(run, 4), run >= 4));
        break;
      case 'M':
        if (run >= 3) {
          tokens.push({
            regex: `(${monthNames.join('|')})`,
            apply: (v, f) => ((f.month = monthNames.indexOf(v) + 1), true),
            print: (p) => monthNames[p.month - 1] as string,
          });
        } else tokens.push(numberToken('month', 2, run === 2, run));
        break;
      case 'd':
        tokens.push(numberToken('day', 2, run === 2, run));
        break;
      case 'H':
        tokens.push(numberToken('hour', 2, run === 2, run));
        break;
      case 'h':
        tokens.push({ ...numberToken('hour12', 2, run === 2, run), print: (p) => pad(p.hour % 12 === 0 ? 12 : p.hour % 12, run) });
        break;
      case 'a':
        tokens.push({ regex: '(AM|PM|am|pm)', apply: (v, f) => ((f.pm = v.toUpperCase() === 'PM' ? 1 : 0), true), print: (p) => (p.hour < 12 ? 'AM' : 'PM') });
        break;
      case 'm':
        tokens.push(numberToken('minute', 2, run === 2, run));
        break;
      case 's':
        tokens.push(numberToken('second', 2, run === 2, run));
        break;
      case 'S':
        tokens.push({
          regex: `(\\d{${run}})`,
          apply: (v, f) => ((f.nanos = Number(v.padEnd(9, '0'))), true),
          print: (p) => pad(p.nanos, 9).slice(0, run),
        });
        break;
      case 'X':
      case 'x':
      case 'Z':
        tokens.push({
          regex: c === 'X' ? '(Z|[+-]\\d{2}(?::?\\d{2})?)' : '([+-]\\d{2}(?::?\\d{2})?|Z)',
          apply: (v, f) => {
            const offset = offsetOf(v);
            if (offset === null) return false;
            f.offset = offset;
            return true;
          },
          print: () => (c === 'X' ? 'Z' : run >= 3 || c === 'Z' && run === 5 ? '+00:00' : '+0000'),
        });
        break;
      default:
        if (/[A-Za-z]/.test(c)) throw new DateFormatError(`date format [${pattern}]: the pattern letter [${c}] is not supported by the embedded engine`);
        tokens.push({ regex: c.repeat(run).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), print: () => c.repeat(run) });
    }
  }
  const regex = new RegExp(`^${tokens.map((t) => t.regex).join('')}$`);
  return {
    parse(text) {
      const m = regex.exec(text);
      if (!m) return null;
      const fields: Record<string, number> = {};
      let group = 1;
      for (const token of tokens) {
        if (!token.regex.startsWith('(')) continue;
        if (token.apply && !token.apply(m[group] as string, fields)) return null;
        group++;
      }
      let hour = fields.hour ?? 0;
      if (fields.hour12 !== undefined) hour = (fields.hour12 % 12) + (fields.pm === 1 ? 12 : 0);
      return fromParts(fields.year ?? 1970, fields.month ?? 1, fields.day ?? 1, hour, fields.minute ?? 0, fields.second ?? 0, fields.nanos ?? 0, fields.offset ?? 0);
    },
    print(millis) {
      const p = utcParts(millis);
      return tokens.map((t) => t.print(p)).join('');
    },
  };
}

function single(name: string): SingleFormat {
  // DateFormatter.forPattern strips an `8` prefix (a 7.x compatibility spelling of java formats).
  const format = name.startsWith('8') ? name.slice(1) : name;
  switch (format) {
    case 'strict_date_optional_time':
    case 'strict_date_time_or_date':
      return isoOptionalTime(true, 9, 3);
    case 'date_optional_time':
    case 'iso8601':
      return isoOptionalTime(false, 9, 3);
    case 'strict_date_optional_time_nanos':
      return isoOptionalTime(true, 9, 3);
    case 'epoch_millis':
      return epoch(1);
    case 'epoch_second':
      return epoch(1000);
    default:
      return javaPattern(namedPatterns[format] ?? format);
  }
}

const cache = new Map<string, DateFormat>();

export const defaultDateFormat = 'strict_date_optional_time||epoch_millis';
export const defaultDateNanosFormat = 'strict_date_optional_time_nanos||epoch_millis';

/** The format of a date field; throws DateFormatError for a pattern the engine cannot read. */
export function dateFormat(pattern: string = defaultDateFormat): DateFormat {
  let compiled = cache.get(pattern);
  if (compiled) return compiled;
  const formats = pattern.split('||').map((part) => single(part.trim()));
  const first = formats[0] as SingleFormat;
  const numeric = formats.find((format) => format.numeric !== undefined)?.numeric;
  compiled = {
    pattern,
    parse(value) {
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return null;
        if (numeric) return numeric(value);
        value = String(value);
      }
      if (typeof value !== 'string') return null;
      for (const format of formats) {
        const millis = format.parse(value);
        if (millis !== null && Number.isFinite(millis)) return millis;
      }
      return null;
    },
    print: (millis) => first.print(millis),
  };
  cache.set(pattern, compiled);
  return compiled;
}
