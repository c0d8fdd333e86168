// Scalar functions of the embedded ES|QL engine, with Elasticsearch's semantics (each function's
// class under x-pack/plugin/esql/src/main/java/org/elasticsearch/xpack/esql/expression/function/
// scalar/): a null argument gives null; a multi-valued argument to a single-value function gives
// null and a warning; MV_* functions read every value of their argument.
import { createHash } from 'node:crypto';
import type { EsqlType } from '../../esql/types.js';
import { CidrError, inCidr, ipBytes, parseCidr } from '../embedded/cidr.js';
import { cellOf, compareScalars, formatDate, formatDouble, isMulti, valuesOf, type Cell, type Scalar } from './values.js';
import { exactArithmetic } from './compile-expression.js';

/** Thrown by a function for one row: the row's result is null and the reason becomes a warning. */
export class EvaluationError extends Error {}

/**
 * Thrown when some values of a multi-value failed to convert: the row keeps the others (`result`)
 * and each failure becomes a warning, as Elasticsearch's conversion evaluators do.
 */
export class PartialResult extends EvaluationError {
  constructor(
    readonly messages: readonly string[],
    readonly result: Cell,
  ) {
    super(messages[0]);
  }
}

/** Converts every value of a cell; a failing value is dropped and reported (PartialResult). */
function convertEach(cell: Cell, convert: (value: Scalar) => Scalar): Cell {
  const converted: Scalar[] = [];
  const failures: string[] = [];
  for (const value of valuesOf(cell)) {
    try {
      converted.push(convert(value));
    } catch (error) {
      if (!(error instanceof EvaluationError)) throw error;
      failures.push(error.message);
    }
  }
  if (failures.length > 0) throw new PartialResult(failures, cellOf(converted));
  return cellOf(converted);
}

const invalidArgument = 'org.elasticsearch.xpack.esql.core.InvalidArgumentException';

export interface CallContext {
  /** The types of the arguments, as the checker resolved them. */
  readonly types: readonly EsqlType[];
  /** The query's start: NOW() for every row. */
  readonly now: number;
}

export type ScalarFunction = (args: readonly Cell[], context: CallContext) => Cell;

const multiValued = 'java.lang.IllegalArgumentException: single-value function encountered multi-value';

/** The single value of an argument, or null; a multi-value fails the row. */
function single(cell: Cell): Scalar | null {
  if (isMulti(cell)) throw new EvaluationError(multiValued);
  return cell;
}

/** Wraps a function of single values that returns null when any argument is null. */
function strict(body: (values: Scalar[], context: CallContext) => Cell): ScalarFunction {
  return (args, context) => {
    const values: Scalar[] = [];
    for (const arg of args) {
      const value = single(arg);
      if (value === null) return null;
      values.push(value);
    }
    return body(values, context);
  };
}

const text = (value: Scalar): string => String(value);

/** What TO_STRING and CONCAT make of a value of `type`. */
export function scalarToString(value: Scalar, type: EsqlType): string {
  if ((type === 'long' || type === 'unsigned_long') && typeof value === 'number' && !Number.isSafeInteger(value)) return wholeText(value);
  if ((type === 'date' || type === 'date_nanos') && typeof value === 'number') return formatDate(value);
  if (type === 'double' && typeof value === 'number') return formatDouble(value);
  return String(value);
}

function javaRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'gu');
  } catch (error) {
    // Java's message where it is known (PatternSyntaxException.getMessage: description, index, pattern).
    const unclosed = /Unterminated group/.test((error as Error).message);
    const description = unclosed ? `Unclosed group near index ${pattern.length}\n${pattern}` : (error as Error).message;
    throw new EvaluationError(`java.util.regex.PatternSyntaxException: ${description}`);
  }
}

/** Java's replaceAll replacement (`$1` a group, `\\x` a literal x) as a JavaScript replacement. */
function javaReplacement(replacement: string): string {
  let result = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i] as string;
    if (c === '\\' && i + 1 < replacement.length) {
      const literal = replacement[++i] as string;
      result += literal === '$' ? '$$' : literal;
    } else if (c === '$' && /\d/.test(replacement[i + 1] ?? '')) result += '$';
    else result += c === '$' ? '$$' : c;
  }
  return result;
}

function toWhole(args: readonly Cell[], context: CallContext, integer: boolean): Cell {
  const type = context.types[0] ?? 'keyword';
  if (args.length > 1) {
    const base = single(args[1] as Cell);
    if (base === null || args[0] === null) return null;
    return convertEach(args[0] as Cell, (value) => toLongInBase(String(value), Number(base), integer));
  }
  return convertEach(args[0] as Cell, (value) => toLongValue(value, type, integer));
}

/**
 * Elasticsearch's strict_date_optional_time: `yyyy[-MM[-dd[THH[:mm[:ss[.SSS…]]]][zone]]]`, in UTC
 * unless the text names an offset; undefined when the text does not match.
 */
export function parseStrictDate(value: string): number | undefined {
  const match = /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/.exec(value);
  if (!match) return undefined;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  const millis = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)));
  const date = new Date(millis);
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  if (zone === 'Z') return millis;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return millis - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
}

/** ROUND of a whole number to negative decimals (Round.java, HALF_UP on the exact value), with overflow. */
function roundWhole(value: number, places: number, type: EsqlType): number {
  const [low, high] = type === 'unsigned_long' ? [0n, 2n ** 64n - 1n] : type === 'long' ? [-(2n ** 63n), 2n ** 63n - 1n] : [-(2n ** 31n), 2n ** 31n - 1n];
  let exact = BigInt(Math.trunc(value));
  exact = exact > high ? high : exact < low ? low : exact;
  if (-places > 20) return 0;
  const factor = 10n ** BigInt(-places);
  const magnitude = exact < 0n ? -exact : exact;
  const rounded = ((magnitude + factor / 2n) / factor) * factor * (exact < 0n ? -1n : 1n);
  if (rounded > high) {
    // A number this large stands for every whole number that rounds to it: when one of those within
    // the type rounds to the largest multiple below the limit, that is the answer.
    const down = (high / factor) * factor;
    const last = down + factor / 2n - 1n;
    if (Number(last > high ? high : last) === value) return Number(down);
  }
  if (rounded < low || rounded > high) throw new EvaluationError(`java.lang.ArithmeticException: ${type === 'unsigned_long' ? 'unsigned_long' : type} overflow`);
  return Number(rounded);
}

/** A whole number as Java's Long.toString prints it (exact up to 2^53, then as the double's integer). */
const wholeText = (value: number): string => (Number.isInteger(value) ? BigInt(value).toString() : String(value));

/**
 * TO_INTEGER / TO_LONG of one value (ToInteger.java, ToLong.java, EsqlDataTypeConverter): a double
 * is rounded as Math.round and must fit; a string is parsed as a whole number, else as a double
 * that must fit ("Cannot parse number [s]"); other whole numbers must fit.
 */
function toLongValue(value: Scalar, type: EsqlType, integer: boolean): number {
  const kind = integer ? 'integer' : 'long';
  const fits = (number: number): boolean => (integer ? number >= -(2 ** 31) && number <= 2 ** 31 - 1 : number >= -(2 ** 63) && number < 2 ** 63);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (type === 'date' || type === 'date_nanos') return value as number;
  if (typeof value === 'string') {
    // stringToInt / stringToLong: a whole number in range parses exactly; otherwise the text is read
    // as a double, which must fit before it is rounded.
    const trimmed = value.trim();
    const cannot = (): never => {
      throw new EvaluationError(`${invalidArgument}: Cannot parse number [${value}]`);
    };
    if (/^[+-]?\d+$/.test(trimmed)) {
      const exact = BigInt(trimmed);
      const bits = integer ? 31n : 63n;
      if (exact >= -(2n ** bits) && exact < 2n ** bits) return Number(exact);
    }
    const number = Number(trimmed);
    if (trimmed === '' || Number.isNaN(number) || /^[+-]?(0x|Infinity)/i.test(trimmed) || !fits(number)) cannot();
    return Math.floor(number + 0.5);
  }
  if (type === 'double') {
    if (!fits(value)) throw new EvaluationError(`${invalidArgument}: [${formatDouble(value)}] out of [${kind}] range`);
    return Math.floor(value + 0.5);
  }
  if (!fits(value)) throw new EvaluationError(`${invalidArgument}: [${wholeText(value)}] out of [${kind}] range`);
  return value;
}

/** TO_INTEGER / TO_LONG with a base: Java's parseInt/parseLong in that radix, `0x` allowed for 16. */
function toLongInBase(value: string, base: number, integer: boolean): number {
  if (base === 10) return toLongValue(value, 'keyword', integer);
  const fail = (): never => {
    throw new EvaluationError(`${invalidArgument}: Unable to convert [${value}] to number of base [${base}]`);
  };
  let digits = base === 16 && /^0x/i.test(value) ? value.slice(2) : value;
  let sign = 1n;
  if (digits.startsWith('-') || digits.startsWith('+')) {
    if (digits.startsWith('-')) sign = -1n;
    digits = digits.slice(1);
  }
  if (digits === '' || base < 2 || base > 36) fail();
  let result = 0n;
  for (const digit of digits.toLowerCase()) {
    const number = parseInt(digit, 36);
    if (Number.isNaN(number) || number >= base) fail();
    result = result * BigInt(base) + BigInt(number);
  }
  result *= sign;
  const bits = integer ? 31n : 63n;
  if (result < -(2n ** bits) || result >= 2n ** bits) fail();
  return Number(result);
}

function cidrMatches(ip: string, block: string): boolean {
  const bytes = ipBytes(ip);
  if (!bytes) throw new EvaluationError(`java.lang.IllegalArgumentException: '${ip}' is not an IP string literal.`);
  try {
    return inCidr(bytes, parseCidr(block));
  } catch (error) {
    if (error instanceof CidrError) throw new EvaluationError(`java.lang.IllegalArgumentException: ${error.message}`);
    throw error;
  }
}

/** Reads a JSON path as JSON_EXTRACT does: `a.b`, `$.a.b`, `a[0]`, `['a.b']`. */
function jsonPath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  const pattern = /\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]|([^.[\]]+)/g;
  const body = path.startsWith('$') ? path.slice(1) : path;
  for (const match of body.matchAll(pattern)) {
    if (match[1] !== undefined) steps.push(Number(match[1]));
    else steps.push((match[2] ?? match[3] ?? match[4]) as string);
  }
  return steps;
}

function jsonExtract(json: string, path: string): Cell {
  let node: unknown;
  try {
    node = JSON.parse(json);
  } catch {
    throw new EvaluationError(`java.lang.IllegalArgumentException: invalid JSON input`);
  }
  for (const step of jsonPath(path)) {
    if (typeof step === 'number' ? !Array.isArray(node) : typeof node !== 'object' || node === null || Array.isArray(node)) {
      throw new EvaluationError(`java.lang.IllegalArgumentException: path [${path}] does not exist`);
    }
    node = (node as Record<string | number, unknown>)[step];
    if (node === undefined) throw new EvaluationError(`java.lang.IllegalArgumentException: path [${path}] does not exist`);
  }
  if (node === null) return null;
  return typeof node === 'object' ? JSON.stringify(node) : String(node);
}

const MILLIS = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** DATE_DIFF units (DateDiff.Part). */
function dateDiff(unit: string, start: number, end: number): number {
  const u = unit.toLowerCase();
  const months = (): number => {
    const a = new Date(start);
    const b = new Date(end);
    let diff = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
    const restA = start - Date.UTC(a.getUTCFullYear(), a.getUTCMonth());
    const restB = end - Date.UTC(b.getUTCFullYear(), b.getUTCMonth());
    if (diff > 0 && restB < restA) diff -= 1;
    if (diff < 0 && restB > restA) diff += 1;
    return diff;
  };
  const exact = (size: number): number => Math.trunc((end - start) / size);
  let result: number;
  if (['year', 'years', 'yy', 'yyyy'].includes(u)) result = Math.trunc(months() / 12);
  else if (['quarter', 'quarters', 'qq', 'q'].includes(u)) result = Math.trunc(months() / 3);
  else if (['month', 'months', 'mm', 'm'].includes(u)) result = months();
  else if (['dayofyear', 'dy', 'y', 'day', 'days', 'dd', 'd', 'weekday', 'weekdays', 'dw'].includes(u)) result = exact(MILLIS.day);
  else if (['week', 'weeks', 'wk', 'ww'].includes(u)) result = exact(MILLIS.week);
  else if (['hour', 'hours', 'hh'].includes(u)) result = exact(MILLIS.hour);
  else if (['minute', 'minutes', 'mi', 'n'].includes(u)) result = exact(MILLIS.minute);
  else if (['second', 'seconds', 'ss', 's'].includes(u)) result = exact(MILLIS.second);
  else if (['millisecond', 'milliseconds', 'ms'].includes(u)) result = end - start;
  else if (['microsecond', 'microseconds', 'mcs'].includes(u)) result = (end - start) * 1000;
  else if (['nanosecond', 'nanoseconds', 'ns'].includes(u)) result = (end - start) * 1_000_000;
  else throw new EvaluationError(`java.lang.IllegalArgumentException: A value of [YEAR, QUARTER, MONTH, DAYOFYEAR, DAY, WEEK, WEEKDAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, NANOSECOND] or their aliases is required; received [${unit}]`);
  if (result > 2147483647 || result < -2147483648) throw new EvaluationError(`${invalidArgument}: [${wholeText(result)}] out of [integer] range`);
  return result;
}

/** A time span as DATE_TRUNC and date arithmetic take it: fixed milliseconds or calendar units. */
export interface Span {
  readonly amount: number;
  readonly unit: 'ms' | 'day' | 'week' | 'month' | 'quarter' | 'year';
}

export function spanOf(amount: number, unit: string): Span {
  const u = unit.toLowerCase();
  if (['millisecond', 'milliseconds', 'ms'].includes(u)) return { amount, unit: 'ms' };
  if (['second', 'seconds', 'sec', 's'].includes(u)) return { amount: amount * MILLIS.second, unit: 'ms' };
  if (['minute', 'minutes', 'min', 'm'].includes(u)) return { amount: amount * MILLIS.minute, unit: 'ms' };
  if (['hour', 'hours', 'h'].includes(u)) return { amount: amount * MILLIS.hour, unit: 'ms' };
  if (['day', 'days', 'd'].includes(u)) return { amount, unit: 'day' };
  if (['week', 'weeks', 'w'].includes(u)) return { amount, unit: 'week' };
  if (['month', 'months', 'mo'].includes(u)) return { amount, unit: 'month' };
  if (['quarter', 'quarters', 'q'].includes(u)) return { amount, unit: 'quarter' };
  return { amount, unit: 'year' };
}

/** Span cells are encoded as `amount unit` strings so that they travel through cells. */
export const encodeSpan = (span: Span): string => `${span.amount} ${span.unit}`;
export function decodeSpan(cell: Scalar): Span {
  const [amount = '0', unit = 'ms'] = String(cell).split(' ');
  return { amount: Number(amount), unit: unit as Span['unit'] };
}

export function addSpan(millis: number, span: Span, sign: 1 | -1): number {
  if (span.unit === 'ms' || span.unit === 'day' || span.unit === 'week') {
    const size = span.unit === 'ms' ? 1 : span.unit === 'day' ? MILLIS.day : MILLIS.week;
    // Instant.plus: the epoch millisecond must stay a long.
    return exactArithmetic('+', millis, sign * span.amount * size, 'long');
  }
  const date = new Date(millis);
  if (Number.isNaN(date.getTime())) throw new EvaluationError('java.lang.ArithmeticException: long overflow');
  const months = sign * span.amount * (span.unit === 'month' ? 1 : span.unit === 'quarter' ? 3 : 12);
  const year = date.getUTCFullYear() + Math.floor((date.getUTCMonth() + months) / 12);
  if (Math.abs(year) > 999_999_999) {
    throw new EvaluationError(`java.time.DateTimeException: Invalid value for Year (valid values -999999999 - 999999999): ${year}`);
  }
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  if (Number.isNaN(target.getTime())) throw new EvaluationError('java.lang.ArithmeticException: long overflow');
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date.getUTCDate(), lastDay)) + (millis % MILLIS.day + MILLIS.day) % MILLIS.day;
}

/** DATE_TRUNC / BUCKET rounding (Rounding.java): fixed spans from the epoch, calendar units in UTC. */
export function truncateDate(millis: number, span: Span): number {
  const date = new Date(millis);
  switch (span.unit) {
    case 'ms':
      return Math.floor(millis / span.amount) * span.amount;
    case 'day':
      return span.amount === 1 ? Math.floor(millis / MILLIS.day) * MILLIS.day : Math.floor(millis / (span.amount * MILLIS.day)) * span.amount * MILLIS.day;
    case 'week': {
      // ISO weeks start on Monday; the epoch was a Thursday.
      const monday = 4 * MILLIS.day;
      const size = span.amount * MILLIS.week;
      return Math.floor((millis - monday) / size) * size + monday;
    }
    case 'month':
    case 'quarter': {
      const months = span.amount * (span.unit === 'month' ? 1 : 3);
      const index = date.getUTCFullYear() * 12 + date.getUTCMonth();
      const start = Math.floor(index / months) * months;
      return Date.UTC(Math.floor(start / 12), start % 12, 1);
    }
    case 'year': {
      const year = Math.floor(date.getUTCFullYear() / span.amount) * span.amount;
      return Date.UTC(year, 0, 1);
    }
  }
}

function mvValues(cell: Cell): readonly Scalar[] {
  return valuesOf(cell);
}

function numberArg(value: Scalar): number {
  return typeof value === 'number' ? value : Number(value);
}

const sameNumberType = (type: EsqlType | undefined): boolean => type === 'integer' || type === 'long' || type === 'unsigned_long';

/** Other names Elasticsearch's function registry gives the same conversion functions (EsqlFunctionRegistry). */
export const functionAliases: ReadonlyMap<string, string> = new Map([
  ['to_int', 'to_integer'],
  ['to_dbl', 'to_double'],
  ['to_str', 'to_string'],
  ['to_bool', 'to_boolean'],
  ['to_dt', 'to_datetime'],
  ['to_ver', 'to_version'],
]);

/** A function's name with aliases resolved. */
export const canonicalFunction = (name: string): string => functionAliases.get(name) ?? name;

export const scalarFunctions: ReadonlyMap<string, ScalarFunction> = new Map<string, ScalarFunction>([
  ['coalesce', (args) => args.find((arg) => arg !== null) ?? null],
  [
    'case',
    (args) => {
      for (let i = 0; i + 1 < args.length; i += 2) {
        const condition = args[i] as Cell;
        if (isMulti(condition)) throw new EvaluationError(multiValued);
        if (condition === true) return args[i + 1] as Cell;
      }
      return args.length % 2 === 1 ? (args[args.length - 1] as Cell) : null;
    },
  ],
  // GREATEST and LEAST read every value of every argument; any null argument makes the result null.
  ['greatest', (args) => (args.some((arg) => arg === null) ? null : args.flatMap(valuesOf).reduce((a, b) => (compareScalars(a, b) >= 0 ? a : b)))],
  ['least', (args) => (args.some((arg) => arg === null) ? null : args.flatMap(valuesOf).reduce((a, b) => (compareScalars(a, b) <= 0 ? a : b)))],
  ['concat', (args, context) => {
    let result = '';
    for (const [index, arg] of args.entries()) {
      const value = single(arg);
      if (value === null) return null;
      result += scalarToString(value, context.types[index] ?? 'keyword');
    }
    return result;
  }],
  // TO_LOWER and TO_UPPER map over a multi-value (ToLower.java, since 8.17).
  ['to_lower', (args) => cellOf(valuesOf(args[0] as Cell).map((value) => text(value).toLowerCase()))],
  ['to_upper', (args) => cellOf(valuesOf(args[0] as Cell).map((value) => text(value).toUpperCase()))],
  ['length', strict(([value]) => [...text(value as Scalar)].length)],
  ['trim', strict(([value]) => text(value as Scalar).replace(/^\s+|\s+$/g, ''))],
  ['ltrim', strict(([value]) => text(value as Scalar).replace(/^\s+/, ''))],
  ['rtrim', strict(([value]) => text(value as Scalar).replace(/\s+$/, ''))],
  // REVERSE reverses grapheme clusters (BreakIterator), so emoji sequences and combining marks stay whole.
  ['reverse', strict(([value]) => [...graphemes.segment(text(value as Scalar))].map((part) => part.segment).reverse().join(''))],
  ['starts_with', strict(([value, prefix]) => text(value as Scalar).startsWith(text(prefix as Scalar)))],
  ['ends_with', strict(([value, suffix]) => text(value as Scalar).endsWith(text(suffix as Scalar)))],
  ['contains', strict(([value, part]) => text(value as Scalar).includes(text(part as Scalar)))],
  ['left', strict(([value, length]) => [...text(value as Scalar)].slice(0, Math.max(0, numberArg(length as Scalar))).join(''))],
  ['right', strict(([value, length]) => {
    const chars = [...text(value as Scalar)];
    return chars.slice(Math.max(0, chars.length - numberArg(length as Scalar))).join('');
  })],
  ['substring', (args) => {
    const [value, start, length] = args.map(single);
    if (value === null || value === undefined || start === null || start === undefined || length === null) return null;
    const chars = [...text(value)];
    // 1-based; a negative start counts from the end.
    let from = numberArg(start);
    from = from > 0 ? from - 1 : from < 0 ? Math.max(0, chars.length + from) : 0;
    const to = length === undefined ? chars.length : from + Math.max(0, numberArg(length));
    return chars.slice(from, to).join('');
  }],
  ['locate', (args) => {
    const [value, substring, start] = args.map(single);
    if (value === null || value === undefined || substring === null || substring === undefined || start === null) return null;
    const chars = [...text(value)];
    const from = start === undefined ? 0 : Math.max(0, numberArg(start) - 1);
    const index = chars.slice(from).join('').indexOf(text(substring));
    return index < 0 ? 0 : [...chars.slice(from).join('').slice(0, index)].length + from + 1;
  }],
  ['replace', strict(([value, pattern, replacement]) => text(value as Scalar).replace(javaRegex(text(pattern as Scalar)), javaReplacement(text(replacement as Scalar))))],
  ['split', strict(([value, delimiter]) => cellOf(text(value as Scalar).split(text(delimiter as Scalar))))],
  ['repeat', strict(([value, count]) => {
    if (numberArg(count as Scalar) < 0) throw new EvaluationError('java.lang.IllegalArgumentException: Number parameter cannot be negative, found [' + String(count) + ']');
    // Repeat.java refuses results over 1 MiB.
    if (Buffer.byteLength(text(value as Scalar)) * numberArg(count as Scalar) > MAX_STRING_BYTES) {
      throw new EvaluationError(`java.lang.IllegalArgumentException: Creating repeated strings with more than [${MAX_STRING_BYTES}] bytes is not supported`);
    }
    return text(value as Scalar).repeat(numberArg(count as Scalar));
  })],
  ['space', strict(([count]) => {
    const size = numberArg(count as Scalar);
    if (size < 0) throw new EvaluationError(`java.lang.IllegalArgumentException: Number parameter cannot be negative, found [${size}]`);
    if (size > MAX_STRING_BYTES) throw new EvaluationError(`java.lang.IllegalArgumentException: Creating strings longer than [${MAX_STRING_BYTES}] bytes is not supported`);
    return ' '.repeat(size);
  })],
  // The URL functions map over a multi-value (UrlEncode.java, UrlDecode.java).
  ['url_decode', (args) => cellOf(valuesOf(args[0] as Cell).map((value) => javaUrlDecode(text(value))))],
  ['url_encode', (args) => cellOf(valuesOf(args[0] as Cell).map((value) => encodeURIComponent(text(value)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)))],
  ['url_encode_component', (args) => cellOf(valuesOf(args[0] as Cell).map((value) => encodeURIComponent(text(value)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)))],
  ['from_base64', strict(([value]) => fromBase64(text(value as Scalar)))],
  ['to_base64', strict(([value]) => Buffer.from(text(value as Scalar), 'utf8').toString('base64'))],
  ['json_extract', strict(([json, path]) => jsonExtract(text(json as Scalar), text(path as Scalar)))],
  ['to_string', (args, context) => {
    const values = valuesOf(args[0] as Cell).map((value) => scalarToString(value, context.types[0] ?? 'keyword'));
    return cellOf(values);
  }],
  ['to_integer', (args, context) => toWhole(args, context, true)],
  ['to_long', (args, context) => toWhole(args, context, false)],
  ['to_double', (args) => cellOf(valuesOf(args[0] as Cell).map((value) => {
    if (typeof value === 'boolean') return value ? 1 : 0;
    const number = typeof value === 'number' ? value : Number(value.trim());
    if (typeof value === 'string' && (value.trim() === '' || Number.isNaN(number))) throw new EvaluationError(`org.elasticsearch.xpack.esql.core.InvalidArgumentException: Cannot parse number [${value}]`);
    return number;
  }))],
  ['to_boolean', (args) => cellOf(valuesOf(args[0] as Cell).map((value) => (typeof value === 'string' ? value.toLowerCase() === 'true' : typeof value === 'number' ? value !== 0 : value)))],
  ['to_ip', (args) => cellOf(valuesOf(args[0] as Cell).map((value) => {
    if (!ipBytes(String(value))) throw new EvaluationError(`java.lang.IllegalArgumentException: '${String(value)}' is not an IP string literal.`);
    return String(value);
  }))],
  ['to_datetime', (args, context) => convertEach(args[0] as Cell, (value) => {
    if (typeof value === 'number') {
      if (context.types[0] === 'double') return Math.trunc(value);
      if (context.types[0] === 'unsigned_long' && value >= 2 ** 63) throw new EvaluationError(`${invalidArgument}: [${wholeText(value)}] out of [long] range`);
      return value;
    }
    const millis = parseStrictDate(String(value));
    if (millis === undefined) throw new EvaluationError(`java.lang.IllegalArgumentException: failed to parse date field [${String(value)}] with format [strict_date_optional_time]`);
    return millis;
  })],
  ['to_version', (args) => cellOf(valuesOf(args[0] as Cell).map(String))],
  // ABS of an unsigned_long is the value itself, multi-values included (Abs.java returns the field).
  ['abs', (args, context) => (context.types[0] === 'unsigned_long' ? (args[0] as Cell) : strict(([value]) => Math.abs(numberArg(value as Scalar)))(args, context))],
  ['ceil', strict(([value]) => Math.ceil(numberArg(value as Scalar)))],
  ['floor', strict(([value]) => Math.floor(numberArg(value as Scalar)))],
  ['round', (args, context) => {
    const [value, decimals] = args.map(single);
    if (value === null || value === undefined || decimals === null) return null;
    const places = decimals === undefined ? 0 : numberArg(decimals);
    const factor = 10 ** places;
    // Java's Math.round-like HALF_UP, away from zero for negative numbers as BigDecimal HALF_UP does.
    const rounded = Math.sign(numberArg(value)) * Math.round(Math.abs(numberArg(value)) * factor) / factor;
    if (!sameNumberType(context.types[0])) return rounded;
    if (places >= 0) return numberArg(value);
    return roundWhole(numberArg(value), places, context.types[0] as EsqlType);
  }],
  ['pow', strict(([base, exponent]) => {
    const result = numberArg(base as Scalar) ** numberArg(exponent as Scalar);
    // Pow.java: NumericUtils.asFiniteNumber.
    if (!Number.isFinite(result)) throw new EvaluationError(`java.lang.ArithmeticException: not a finite double number: ${formatDouble(result)}`);
    return result;
  })],
  ['sqrt', strict(([value]) => {
    if (numberArg(value as Scalar) < 0) throw new EvaluationError('java.lang.ArithmeticException: Square root of negative');
    return Math.sqrt(numberArg(value as Scalar));
  })],
  ['log10', strict(([value]) => {
    if (numberArg(value as Scalar) <= 0) throw new EvaluationError('java.lang.ArithmeticException: Log of non-positive number');
    return Math.log10(numberArg(value as Scalar));
  })],
  ['exp', strict(([value]) => Math.exp(numberArg(value as Scalar)))],
  ['signum', strict(([value]) => Math.sign(numberArg(value as Scalar)))],
  ['pi', () => Math.PI],
  ['e', () => Math.E],
  ['now', (_args, context) => context.now],
  ['date_diff', strict(([unit, start, end]) => dateDiff(text(unit as Scalar), start as number, end as number))],
  ['date_trunc', (args, context) => {
    const [span, date] = args.map(single);
    if (span === null || span === undefined || date === null || date === undefined) return null;
    return truncateDate(date as number, context.types[0] === 'keyword' ? spanFromText(text(span)) : decodeSpan(span));
  }],
  ['date_extract', strict(([part, date]) => {
    const d = new Date(date as number);
    const name = text(part as Scalar).toUpperCase();
    const parts: Record<string, number> = {
      YEAR: d.getUTCFullYear(), MONTH_OF_YEAR: d.getUTCMonth() + 1, DAY_OF_MONTH: d.getUTCDate(), HOUR_OF_DAY: d.getUTCHours(),
      MINUTE_OF_HOUR: d.getUTCMinutes(), SECOND_OF_MINUTE: d.getUTCSeconds(), DAY_OF_WEEK: ((d.getUTCDay() + 6) % 7) + 1,
      MILLI_OF_SECOND: d.getUTCMilliseconds(), DAY_OF_YEAR: Math.floor((Number(date) - Date.UTC(d.getUTCFullYear(), 0, 1)) / MILLIS.day) + 1,
    };
    if (!(name in parts)) throw new EvaluationError(`java.lang.IllegalArgumentException: No enum constant java.time.temporal.ChronoField.${name}`);
    return parts[name] as number;
  })],
  ['cidr_match', (args) => {
    const ip = single(args[0] as Cell);
    if (ip === null) return null;
    const blocks = args.slice(1).flatMap((arg) => valuesOf(arg));
    return blocks.some((block) => cidrMatches(String(ip), String(block)));
  }],
  ['mv_count', (args) => (args[0] === null ? null : mvValues(args[0] as Cell).length)],
  ['mv_first', (args) => mvValues(args[0] as Cell)[0] ?? null],
  ['mv_last', (args) => mvValues(args[0] as Cell).at(-1) ?? null],
  ['mv_min', (args) => [...mvValues(args[0] as Cell)].sort(compareScalars)[0] ?? null],
  ['mv_max', (args) => [...mvValues(args[0] as Cell)].sort(compareScalars).at(-1) ?? null],
  ['mv_sum', (args, context) => {
    if (args[0] === null) return null;
    const type = context.types[0];
    // MvSum.java adds integers, longs and unsigned longs with exact arithmetic.
    if (type === 'double') return mvValues(args[0] as Cell).reduce<number>((total, value) => total + numberArg(value), 0);
    return mvValues(args[0] as Cell).reduce<number>((total, value) => exactArithmetic('+', total, numberArg(value), type ?? 'long'), 0);
  }],
  ['mv_avg', (args) => (args[0] === null ? null : mvValues(args[0] as Cell).reduce<number>((sum, value) => sum + numberArg(value), 0) / mvValues(args[0] as Cell).length)],
  ['mv_dedupe', (args) => cellOf([...new Set(mvValues(args[0] as Cell))])],
  ['mv_sort', (args) => {
    const order = single(args[1] ?? 'ASC');
    const sorted = [...mvValues(args[0] as Cell)].sort(compareScalars);
    return cellOf(String(order).toUpperCase() === 'DESC' ? sorted.reverse() : sorted);
  }],
  ['mv_concat', (args) => {
    const delimiter = single(args[1] as Cell);
    if (args[0] === null || delimiter === null) return null;
    return mvValues(args[0] as Cell).map(String).join(String(delimiter));
  }],
  ['mv_slice', (args) => {
    const values = mvValues(args[0] as Cell);
    const start = single(args[1] as Cell);
    const end = args[2] === undefined ? start : single(args[2] as Cell);
    if (values.length === 0 || start === null || end === null) return null;
    const index = (position: number): number => (position < 0 ? values.length + position : position);
    const from = index(Number(start));
    const to = index(Number(end));
    if (from > to && Number(start) >= 0 === Number(end) >= 0) throw new EvaluationError('org.elasticsearch.xpack.esql.core.InvalidArgumentException: Start offset is greater than end offset');
    return cellOf(values.slice(Math.max(0, from), to + 1));
  }],
  ['mv_contains', (args) => {
    const haystack = mvValues(args[0] as Cell);
    const needles = mvValues(args[1] as Cell);
    if (args[0] === null && args[1] !== null) return false;
    return needles.every((needle) => haystack.some((value) => value === needle));
  }],
  ['mv_intersection', (args) => {
    const right = new Set(mvValues(args[1] as Cell));
    return cellOf([...new Set(mvValues(args[0] as Cell))].filter((value) => right.has(value)));
  }],
  ['mv_union', (args) => cellOf([...new Set([...mvValues(args[0] as Cell), ...mvValues(args[1] as Cell)])])],
  // MV_APPEND of a null and anything is null (MvAppend.java).
  ['mv_append', (args) => (args[0] === null || args[1] === null ? null : cellOf([...mvValues(args[0] as Cell), ...mvValues(args[1] as Cell)]))],
  ['md5', strict(([value]) => hash('md5', text(value as Scalar)))],
  ['sha1', strict(([value]) => hash('sha1', text(value as Scalar)))],
  ['sha256', strict(([value]) => hash('sha256', text(value as Scalar)))],
]);

const MAX_STRING_BYTES = 1024 * 1024;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** java.net.URLDecoder.decode(value, UTF_8): `+` is a space, `%XX` bytes decode as UTF-8 with replacement. */
function javaUrlDecode(value: string): string {
  let result = '';
  for (let i = 0; i < value.length; ) {
    const c = value[i] as string;
    if (c === '+') {
      result += ' ';
      i++;
    } else if (c === '%') {
      const bytes: number[] = [];
      while (i + 2 < value.length && value[i] === '%') {
        const hex = value.slice(i + 1, i + 3);
        const bad = [...hex].findIndex((digit) => !/[0-9a-fA-F]/.test(digit));
        if (bad >= 0) throw new EvaluationError(`java.lang.IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%) pattern - Error at index ${bad} in: "${hex}"`);
        bytes.push(parseInt(hex, 16));
        i += 3;
      }
      if (i < value.length && value[i] === '%') throw new EvaluationError('java.lang.IllegalArgumentException: URLDecoder: Incomplete trailing escape (%) pattern');
      result += new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
    } else {
      result += c;
      i++;
    }
  }
  return result;
}

/** FROM_BASE64 with java.util.Base64.Decoder's checks (decode0), then the UTF-8 check of FromBase64.java. */
function fromBase64(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  let unit = 0;
  let end = bytes.length;
  let at = 0;
  const fail = (message: string): never => {
    throw new EvaluationError(`java.lang.IllegalArgumentException: ${message}`);
  };
  while (at < bytes.length) {
    const byte = bytes[at++] as number;
    if (byte === 0x3d) {
      end = at - 1;
      if (unit === 0 || (unit === 2 && (at === bytes.length || bytes[at++] !== 0x3d))) fail('Input byte array has wrong 4-byte ending unit');
      break;
    }
    if (!/[A-Za-z0-9+/]/.test(String.fromCharCode(byte))) fail(`Illegal base64 character ${(byte > 127 ? byte - 256 : byte).toString(16)}`);
    unit = (unit + 1) % 4;
  }
  if (unit === 1) fail('Last unit does not have enough valid bits');
  if (at < bytes.length) fail(`Input byte array has incorrect ending byte at ${at + 1}`);
  const decoded = Buffer.from(bytes.subarray(0, end).toString('latin1'), 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(decoded);
  } catch {
    return fail('decoded value is not valid UTF-8, which is not supported yet');
  }
}

function hash(algorithm: string, value: string): string {
  return createHash(algorithm).update(value, 'utf8').digest('hex');
}

/** A span written as text, as DATE_TRUNC also takes it: `1 hour`, `"1 day"`. */
export function spanFromText(value: string): Span {
  const match = /^\s*(-?\d+)\s*([a-zA-Z]+)\s*$/.exec(value);
  if (!match) throw new EvaluationError(`java.lang.IllegalArgumentException: Cannot parse [${value}] to a time span`);
  return spanOf(Number(match[1]), match[2] as string);
}
