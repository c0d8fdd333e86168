// The order Elasticsearch returns events in: by timestamp, then tiebreaker (events without a
// tiebreaker value after those with one), then input order (its implicit `_shard_doc` tiebreaker).
import type { EventDocument } from '../types.js';
import { compileField, dateMillis } from './field-access.js';
import type { FieldTypes } from '../types.js';
import { isMulti, type Scalar } from './values.js';

export interface Ordinal {
  readonly timestamp: number;
  readonly tiebreaker: Scalar;
  /** Position in the input. */
  readonly position: number;
}

/** An event the query selected, with where it sorts. */
export interface Hit {
  readonly document: EventDocument;
  readonly ordinal: Ordinal;
}

function compareTiebreakers(a: Scalar, b: Scalar): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareOrdinals(a: Ordinal, b: Ordinal): number {
  return a.timestamp - b.timestamp || compareTiebreakers(a.tiebreaker, b.tiebreaker) || a.position - b.position;
}

export function compareHits(a: Hit, b: Hit): number {
  return compareOrdinals(a.ordinal, b.ordinal);
}

export type OrdinalReader = (document: EventDocument, position: number) => Ordinal | null;

/** Reads a date field's first value in epoch milliseconds; null when it has none. */
export type DateReader = (source: Record<string, unknown>) => number | null;

/**
 * Reads the time Elasticsearch sorts an event by, and a range filter on the field sees: the field's
 * first value read as a date, wherever the document's shape puts it.
 */
export function firstDateReader(field: string, fieldTypes?: FieldTypes): DateReader {
  const read = compileField(field, field.split('.'), fieldTypes, 'date').read;
  return (source) => {
    const raw = read(source);
    const first = isMulti(raw) ? (raw[0] ?? null) : raw;
    return typeof first === 'number' ? first : dateMillis(first);
  };
}

/**
 * Reads the ordinal of an event; null when it has no timestamp (Elasticsearch cannot place such an
 * event in time, and EQL never returns it).
 */
export function ordinalReader(timestampField: string, tiebreakerField: string | undefined, fieldTypes?: FieldTypes): OrdinalReader {
  const timestamp = firstDateReader(timestampField, fieldTypes);
  const tiebreaker = tiebreakerField === undefined ? undefined : compileField(tiebreakerField, tiebreakerField.split('.'), fieldTypes).read;
  return (document, position) => {
    const millis = timestamp(document._source);
    if (millis === null) return null;
    let tb: Scalar = null;
    if (tiebreaker) {
      const value = tiebreaker(document._source);
      tb = isMulti(value) ? (value[0] ?? null) : value;
    }
    return { timestamp: millis, tiebreaker: tb, position };
  };
}
