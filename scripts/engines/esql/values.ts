// Values of the embedded ES|QL engine. A cell is null, one scalar, or a multi-value (an array of two
// or more scalars), as an ES|QL block position holds null, one value or several. Dates are epoch
// milliseconds, ips and versions strings, every number a JavaScript number.
import type { EsqlType } from '../../esql/types.js';

export type Scalar = string | number | boolean;
export type Cell = null | Scalar | readonly Scalar[];

export interface ColumnInfo {
  readonly name: string;
  readonly type: EsqlType;
}

/** A table between two commands: columns and rows of cells, one cell per column. */
export interface Table {
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly (readonly Cell[])[];
}

/**
 * Run-time problems Elasticsearch reports as warning headers while the query goes on: per failing
 * expression, `Line L:C: evaluation of [source] failed, treating result as null. Only first 20
 * failures recorded.` once, then each distinct failure as `Line L:C: reason` (Warnings.java).
 */
export class Warnings {
  readonly messages: string[] = [];

  constructor(private readonly text: string = '') {}

  /** `L:C` of an offset in the query text, 1-based. */
  position(offset: number): string {
    const before = this.text.slice(0, offset);
    return `${before.split('\n').length}:${offset - (before.lastIndexOf('\n') + 1) + 1}`;
  }

  /** A warning of the query as a whole (the verifier's), `Line L:C: message`, once. */
  note(offset: number, message: string): void {
    const line = `Line ${this.position(offset)}: ${message}`;
    if (!this.messages.includes(line)) this.messages.push(line);
  }

  /** Failures registered per expression: Warnings.java records the first 20 of each, duplicates included. */
  private readonly failures = new Map<string, number>();

  add(span: { offset: number; end: number }, reason: string, treatedAs: 'null' | 'false' = 'null'): void {
    const key = `${span.offset}:${span.end}:${treatedAs}`;
    const count = this.failures.get(key) ?? 0;
    if (count >= 20) return;
    this.failures.set(key, count + 1);
    const where = `Line ${this.position(span.offset)}: `;
    const header = `${where}evaluation of [${this.text.slice(span.offset, span.end)}] failed, treating result as ${treatedAs}. Only first 20 failures recorded.`;
    // The response headers keep each distinct text once.
    for (const message of [header, `${where}${reason}`]) if (!this.messages.includes(message)) this.messages.push(message);
  }
}

export const isMulti = (cell: Cell): cell is readonly Scalar[] => Array.isArray(cell);

/** Every value of a cell: none for null. */
export function valuesOf(cell: Cell): readonly Scalar[] {
  if (cell === null) return [];
  return isMulti(cell) ? cell : [cell];
}

/** A cell from a list of values: null when empty, the value when single. */
export function cellOf(values: readonly Scalar[]): Cell {
  if (values.length === 0) return null;
  return values.length === 1 ? (values[0] as Scalar) : values;
}

/** Orders two scalars of one type; strings by UTF-16 code units, as BytesRef compares UTF-8 for ASCII. */
export function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Formats a date as Elasticsearch's `_query` response does: ISO 8601 with milliseconds, UTC. */
export function formatDate(epochMillis: number): string {
  const date = new Date(epochMillis);
  if (!Number.isNaN(date.getTime()) && Math.abs(date.getUTCFullYear()) <= 9999) return date.toISOString();
  // Past what a JavaScript Date holds (to Long.MAX_VALUE milliseconds): the civil date by days from
  // the epoch (Howard Hinnant's days_from_civil, inverted), years printed in full as Java does.
  const days = Math.floor(epochMillis / 86_400_000);
  const rest = epochMillis - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${two(Math.floor(rest / 3_600_000))}:${two(Math.floor(rest / 60_000) % 60)}:${two(Math.floor(rest / 1000) % 60)}.${String(rest % 1000).padStart(3, '0')}`;
  return `${year}-${two(month)}-${two(day)}T${time}Z`;
}

/** Java's Double.toString for the values rules meet: `1.0`, `0.5`, `1.0E10`. */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value) && Math.abs(value) < 1e7) return `${value}.0`;
  const absolute = Math.abs(value);
  if (absolute >= 1e-3 && absolute < 1e7) return String(value);
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** A scalar as the `_query` response shows it for a column of `type`. */
export function outputScalar(value: Scalar, type: EsqlType): Scalar {
  if ((type === 'date' || type === 'date_nanos') && typeof value === 'number') return formatDate(value);
  return value;
}

export function outputCell(cell: Cell, type: EsqlType): unknown {
  if (cell === null) return null;
  return isMulti(cell) ? cell.map((value) => outputScalar(value, type)) : outputScalar(cell, type);
}
