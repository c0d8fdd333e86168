// A constant compared with a mapped field is converted to the field's type, as Elasticsearch's term
// and range queries convert their value with the field's mapper (NumberFieldMapper parses "123",
// DateFieldMapper parses a date string with the field's `format`, BooleanFieldMapper takes "true"
// and "false"); a constant the mapper cannot convert fails the search, so it is an error here too.
// The `version` type orders by semantic-version precedence (VersionStringFieldMapper).
// Shared by the static checker (eql.type) and the embedded engine, so both decide alike.
import { dateFormat, defaultDateFormat, defaultDateNanosFormat } from './date-format.js';

export class LiteralTypeError extends Error {}

type Scalar = string | number | boolean | null;

export const numericTypes: ReadonlySet<string> = new Set([
  'long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long',
]);
export const dateTypes: ReadonlySet<string> = new Set(['date', 'date_nanos']);

/** The constant as the mapper of a field of `type` (and date `format`) reads it; throws LiteralTypeError when it cannot. */
export function literalFor(type: string, format: string | undefined, value: Scalar): Scalar {
  if (value === null) return null;
  if (dateTypes.has(type)) {
    format ??= type === 'date_nanos' ? defaultDateNanosFormat : defaultDateFormat;
    const millis = typeof value === 'boolean' ? null : dateFormat(format).parse(value);
    if (millis === null) throw new LiteralTypeError(`failed to parse date field [${String(value)}] with format [${format}]`);
    return millis;
  }
  if (numericTypes.has(type)) {
    if (typeof value === 'number') return value;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(number)) throw new LiteralTypeError(`failed to create query: For input string: "${String(value)}"`);
    return number;
  }
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new LiteralTypeError(`Can't parse boolean value [${String(value)}], expected [true] or [false]`);
  }
  return value;
}

interface SemVer {
  readonly core: readonly number[];
  readonly pre: readonly string[];
}

function semver(text: string): SemVer | null {
  const match = /^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text);
  if (!match) return null;
  return { core: (match[1] as string).split('.').map(Number), pre: match[2] === undefined ? [] : match[2].split('.') };
}

function comparePre(a: readonly string[], b: readonly string[]): number {
  // A version without a pre-release sorts after the same version with one.
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Semantic-version order; text that is not a version sorts after every version, by its characters. */
export function compareVersions(a: string, b: string): number {
  const x = semver(a);
  const y = semver(b);
  if (x === null || y === null) {
    if (x !== y) return x === null ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  for (let i = 0; i < Math.max(x.core.length, y.core.length); i++) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d !== 0) return d;
  }
  return comparePre(x.pre, y.pre);
}
