// The values a terms or composite aggregation buckets a document under, per mapped type: keyword
// strings (ignore_above respected), numbers (integer types truncated), dates as epoch
// milliseconds, IPs and booleans as written. A text field has no doc values, so Elasticsearch
// refuses to aggregate on it; so does this.
import { resolveField } from '../../engines/dsl/index.js';
import type { FieldTypes } from '../../engines/types.js';
import { storedDateMillis } from '../../engines/dsl/index.js';

export class AggregationError extends Error {}

export type TermKey = string | number | boolean;

/** Reads a field's distinct bucket keys from a document. */
export function termValuesReader(name: string, fieldTypes: FieldTypes): (source: Record<string, unknown>) => TermKey[] {
  const field = resolveField(name, fieldTypes);
  if (field.family === 'text') {
    throw new AggregationError(`field "${name}" is ${field.type}: text fields cannot be aggregated (Elasticsearch: fielddata is disabled); use a keyword field`);
  }
  const key = (value: unknown): TermKey | undefined => {
    switch (field.family) {
      case 'numeric': {
        const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
        return Number.isFinite(n) ? (field.integer ? Math.trunc(n) : n) : undefined;
      }
      case 'date':
        return storedDateMillis(value) ?? undefined;
      case 'boolean':
        return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
      case 'unmapped':
        return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
      default:
        if (typeof value === 'string') return field.ignoreAbove === undefined || value.length <= field.ignoreAbove ? value : undefined;
        return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    }
  };
  return (source) => {
    const keys = new Set<TermKey>();
    for (const value of field.read(source)) {
      const converted = key(value);
      if (converted !== undefined) keys.add(converted);
    }
    return [...keys];
  };
}

/** Bucket key order: numbers by value, strings by their UTF-8 bytes (Elasticsearch sorts BytesRefs). */
export function compareKeys(a: TermKey, b: TermKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

export function compareKeyLists(a: readonly TermKey[], b: readonly TermKey[]): number {
  for (let i = 0; i < a.length; i++) {
    const order = compareKeys(a[i] as TermKey, b[i] as TermKey);
    if (order !== 0) return order;
  }
  return 0;
}

/** Every combination of one value per field (a composite aggregation's buckets for one document). */
export function combinations(perField: readonly TermKey[][]): TermKey[][] {
  return perField.reduce<TermKey[][]>((out, values) => out.flatMap((prefix) => values.map((value) => [...prefix, value])), [[]]);
}
