// The leaf queries on one field, with the semantics of the field's mapper in Elasticsearch
// (server/src/main/java/org/elasticsearch/index/mapper/: KeywordFieldMapper, TextFieldMapper,
// NumberFieldMapper, DateFieldMapper, IpFieldMapper, BooleanFieldMapper): what the document's
// values become in the index, and what a term, range, wildcard, prefix or match query compares
// them with. A multi-valued field matches when any of its values does.
import { inCidr, ipBytes, parseCidr } from '../embedded/cidr.js';
import { analyze, normalize } from './analyzer.js';
import { DslQueryError } from './errors.js';
import { resolveDateMath, storedDateMillis } from './date-math.js';
import type { ResolvedField, ValueFamily } from './field-values.js';
import { compilePattern } from './wildcard-pattern.js';


export type SourcePredicate = (source: Record<string, unknown>) => boolean;

/** What a query needs to know beyond the document: the time `now` resolves to. */
export interface QueryContext {
  readonly now: number;
}

/** The family a value of an unmapped field is compared in, as the replay mapping would map it. */
function familyOfValue(value: unknown): ValueFamily {
  if (typeof value === 'number') return 'numeric';
  if (typeof value === 'boolean') return 'boolean';
  return 'keyword';
}

const familyFor = (field: ResolvedField, value: unknown): ValueFamily => (field.family === 'unmapped' ? familyOfValue(value) : field.family);

function keywordValue(field: ResolvedField, value: unknown): string | undefined {
  if (typeof value === 'string') return field.ignoreAbove === undefined || value.length <= field.ignoreAbove ? value : undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function numericValue(field: ResolvedField, value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) return undefined;
  // Integer fields keep the integer part of a decimal value (NumberFieldMapper coerces).
  return field.integer ? Math.trunc(number) : number;
}

function booleanValue(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  return undefined;
}

/** IPv4 as its IPv4-mapped IPv6 form, as Elasticsearch indexes every address in 16 bytes. */
function ip16(text: string): number[] | undefined {
  const bytes = ipBytes(text);
  if (!bytes) return undefined;
  return bytes.length === 16 ? bytes : [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...bytes];
}

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

function textValues(values: readonly unknown[]): string[][] {
  return values.filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean').map((v) => analyze(String(v)).map((t) => t.term));
}

/** `term` (and `match` on a non-text field): the value as the field's mapper turns a query term into a query. */
export function termQuery(field: ResolvedField, queryValue: unknown, context: QueryContext, caseInsensitive = false): SourcePredicate {
  const family = field.family;
  if (family === 'date') {
    // DateFieldType.termQuery is a range from the value rounded down to the value rounded up.
    const from = resolveDateMath(queryValue, { now: context.now, roundUp: false });
    const to = resolveDateMath(queryValue, { now: context.now, roundUp: true });
    return anyValue(field, (value) => {
      const millis = storedDateMillis(value);
      return millis !== null && millis >= from && millis <= to;
    });
  }
  if (family === 'numeric') {
    const number = typeof queryValue === 'number' ? queryValue : Number(queryValue);
    if (typeof queryValue === 'boolean' || !Number.isFinite(number) || (typeof queryValue === 'string' && queryValue.trim() === '')) {
      throw new DslQueryError(`field "${field.name}" is ${field.type}: ${JSON.stringify(queryValue)} is not a number (Elasticsearch answers number_format_exception)`);
    }
    if (field.integer && !Number.isInteger(number)) return () => false;
    return anyValue(field, (value) => numericValue(field, value) === number);
  }
  if (family === 'ip') {
    const text = String(queryValue);
    if (text.includes('/')) {
      let block;
      try {
        block = parseCidr(text);
      } catch (error) {
        throw new DslQueryError(`field "${field.name}" is ip: ${(error as Error).message}`);
      }
      // Both sides in 16 bytes, an IPv4 block's prefix moved past the 96-bit IPv4-mapped head.
      const block16 = block.bytes.length === 16 ? block : { bytes: ip16(text.split('/')[0] as string) as number[], prefix: block.prefix + 96 };
      return anyValue(field, (value) => {
        const bytes = typeof value === 'string' ? ip16(value) : undefined;
        return bytes !== undefined && inCidr(bytes, block16);
      });
    }
    const wanted = ip16(text);
    if (!wanted) throw new DslQueryError(`field "${field.name}" is ip: "${text}" is not an IP address`);
    return anyValue(field, (value) => {
      const bytes = typeof value === 'string' ? ip16(value) : undefined;
      return bytes !== undefined && compareBytes(bytes, wanted) === 0;
    });
  }
  if (family === 'boolean') {
    const wanted = booleanValue(typeof queryValue === 'string' ? queryValue : queryValue);
    if (wanted === undefined) throw new DslQueryError(`field "${field.name}" is boolean: ${JSON.stringify(queryValue)} is not true or false`);
    return anyValue(field, (value) => booleanValue(value) === wanted);
  }
  if (family === 'text') {
    const term = String(queryValue);
    const wanted = caseInsensitive ? term.toLowerCase() : term;
    return (source) => textValues(field.read(source)).some((tokens) => tokens.some((token) => token === wanted));
  }
  // keyword, and each value of an unmapped field by its own type.
  const text = typeof queryValue === 'string' ? queryValue : String(queryValue);
  const wanted = caseInsensitive ? text.toLowerCase() : text;
  return anyValue(field, (value) => {
    const family = familyFor(field, value);
    if (family === 'numeric') return typeof value === 'number' && Number(text) === value;
    if (family === 'boolean') return booleanValue(value) === booleanValue(text);
    const indexed = keywordValue(field, value);
    return indexed !== undefined && (caseInsensitive ? indexed.toLowerCase() : indexed) === wanted;
  });
}

function anyValue(field: ResolvedField, test: (value: unknown) => boolean): SourcePredicate {
  return (source) => field.read(source).some(test);
}

export interface RangeBounds {
  readonly gte?: unknown;
  readonly gt?: unknown;
  readonly lte?: unknown;
  readonly lt?: unknown;
  readonly format?: string;
  readonly time_zone?: string;
}

export function rangeQuery(field: ResolvedField, bounds: RangeBounds, context: QueryContext): SourcePredicate {
  type Bound = { value: unknown; inclusive: boolean } | undefined;
  const lower: Bound = bounds.gte !== undefined && bounds.gte !== null ? { value: bounds.gte, inclusive: true } : bounds.gt !== undefined && bounds.gt !== null ? { value: bounds.gt, inclusive: false } : undefined;
  const upper: Bound = bounds.lte !== undefined && bounds.lte !== null ? { value: bounds.lte, inclusive: true } : bounds.lt !== undefined && bounds.lt !== null ? { value: bounds.lt, inclusive: false } : undefined;
  const within = <T>(value: T, low: T | undefined, high: T | undefined, compare: (a: T, b: T) => number): boolean =>
    (low === undefined || compare(value, low) > 0 || (lower!.inclusive && compare(value, low) === 0)) &&
    (high === undefined || compare(value, high) < 0 || (upper!.inclusive && compare(value, high) === 0));
  const byNumber = (a: number, b: number) => a - b;
  switch (field.family) {
    case 'date': {
      // gt and lte round up (the bound's last millisecond), gte and lt round down.
      const resolve = (bound: Bound, roundUp: boolean) =>
        bound === undefined ? undefined : resolveDateMath(bound.value, { now: context.now, roundUp, ...(bounds.time_zone ? { timeZone: bounds.time_zone } : {}), ...(bounds.format ? { format: bounds.format } : {}) });
      const low = resolve(lower, lower !== undefined && !lower.inclusive);
      const high = resolve(upper, upper?.inclusive === true);
      return anyValue(field, (value) => {
        const millis = storedDateMillis(value);
        return millis !== null && within(millis, low, high, byNumber);
      });
    }
    case 'numeric': {
      const number = (bound: Bound) => {
        if (bound === undefined) return undefined;
        const n = Number(bound.value);
        if (!Number.isFinite(n)) throw new DslQueryError(`field "${field.name}" is ${field.type}: range bound ${JSON.stringify(bound.value)} is not a number`);
        return n;
      };
      const low = number(lower);
      const high = number(upper);
      return anyValue(field, (value) => {
        const n = numericValue(field, value);
        return n !== undefined && within(n, low, high, byNumber);
      });
    }
    case 'ip': {
      const address = (bound: Bound) => {
        if (bound === undefined) return undefined;
        const bytes = ip16(String(bound.value));
        if (!bytes) throw new DslQueryError(`field "${field.name}" is ip: range bound ${JSON.stringify(bound.value)} is not an IP address`);
        return bytes;
      };
      const low = address(lower);
      const high = address(upper);
      return anyValue(field, (value) => {
        const bytes = typeof value === 'string' ? ip16(value) : undefined;
        return bytes !== undefined && within(bytes, low, high, compareBytes);
      });
    }
    case 'boolean':
      throw new DslQueryError(`field "${field.name}" is boolean: range queries are not supported on it`);
    default: {
      // keyword and text compare terms as strings (text: each analysed token).
      const text = (bound: Bound) => (bound === undefined ? undefined : String(bound.value));
      const low = text(lower);
      const high = text(upper);
      const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      if (field.family === 'text') return (source) => textValues(field.read(source)).some((tokens) => tokens.some((token) => within(token, low, high, byString)));
      return anyValue(field, (value) => {
        if (familyFor(field, value) === 'numeric') return within(value as number, low === undefined ? undefined : Number(low), high === undefined ? undefined : Number(high), byNumber);
        const indexed = keywordValue(field, value);
        return indexed !== undefined && within(indexed, low, high, byString);
      });
    }
  }
}

export function existsQuery(field: ResolvedField): SourcePredicate {
  return (source) =>
    field.read(source).some((value) => {
      switch (familyFor(field, value)) {
        case 'keyword':
          return keywordValue(field, value) !== undefined;
        case 'numeric':
          return numericValue(field, value) !== undefined;
        case 'date':
          return storedDateMillis(value) !== null;
        case 'ip':
          return typeof value === 'string' && ip16(value) !== undefined;
        case 'boolean':
          return booleanValue(value) !== undefined;
        default:
          return true;
      }
    });
}

/** `wildcard` and `prefix`: on keyword values, or on each token of a text field (the pattern normalised). */
export function patternQuery(field: ResolvedField, pattern: string, caseInsensitive: boolean): SourcePredicate {
  if (field.family === 'text') {
    const test = compilePattern(normalize(pattern), caseInsensitive);
    return (source) => textValues(field.read(source)).some((tokens) => tokens.some(test));
  }
  if (field.family !== 'keyword' && field.family !== 'unmapped') {
    throw new DslQueryError(`field "${field.name}" is ${field.type}: wildcard and prefix queries need a keyword or text field`);
  }
  const test = compilePattern(pattern, caseInsensitive);
  return anyValue(field, (value) => {
    const indexed = keywordValue(field, value);
    return indexed !== undefined && test(indexed);
  });
}

/** `match`: on a text field the analysed query's terms, any (`or`) or all (`and`); on other fields a term query. */
export function matchQuery(field: ResolvedField, query: unknown, operator: 'or' | 'and', context: QueryContext): SourcePredicate {
  if (field.family !== 'text') return termQuery(field, query, context);
  const terms = analyze(String(query)).map((token) => token.term);
  if (terms.length === 0) return () => false;
  return (source) => {
    const present = new Set(textValues(field.read(source)).flat());
    return operator === 'and' ? terms.every((term) => present.has(term)) : terms.some((term) => present.has(term));
  };
}

/** `match_phrase`: the analysed query's terms at consecutive positions of one value (values are 100 positions apart). */
export function matchPhraseQuery(field: ResolvedField, query: unknown, context: QueryContext): SourcePredicate {
  if (field.family !== 'text') return termQuery(field, query, context);
  const terms = analyze(String(query)).map((token) => token.term);
  if (terms.length === 0) return () => false;
  return (source) =>
    textValues(field.read(source)).some((tokens) => {
      for (let start = 0; start + terms.length <= tokens.length; start++) {
        if (terms.every((term, offset) => tokens[start + offset] === term)) return true;
      }
      return false;
    });
}
