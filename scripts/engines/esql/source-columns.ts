// FROM: the documents of the indices a query names become rows, one column per mapped field, in
// name order, each cell holding the field's values as ES|QL reads them: keyword and ip values from
// doc values (sorted, duplicates removed), numbers from doc values (sorted, duplicates kept), text
// from _source in order, dates as epoch milliseconds (EsqlQueryResponse, the block loaders of each
// field type in server/src/main/java/org/elasticsearch/index/mapper/*FieldMapper.java).
import { leafValues } from '../document-fields.js';
import { sourceValues } from '../embedded/field-access.js';
import type { EventDocument, FieldTypes } from '../types.js';
import { columnType, type EsqlType } from '../../esql/types.js';
import { cellOf, compareScalars, type Cell, type ColumnInfo, type Scalar, type Table } from './values.js';

/** Metadata columns FROM … METADATA can add. */
const metadataColumns: Readonly<Record<string, EsqlType>> = { _id: 'keyword', _index: 'keyword', _version: 'long', _score: 'double', _ignored: 'keyword', _index_mode: 'keyword' };

const patternTests = new Map<string, RegExp>();

/** Whether an index name matches one of FROM's patterns: `*` wildcards, `-pattern` exclusions. */
export function indexMatches(index: string, patterns: readonly string[]): boolean {
  const test = (pattern: string): boolean => {
    let compiled = patternTests.get(pattern);
    if (!compiled) patternTests.set(pattern, (compiled = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)));
    return compiled.test(index);
  };
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('-')) {
      if (test(pattern.slice(1))) matched = false;
    } else if (test(pattern)) matched = true;
  }
  return matched;
}

function dateMillis(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  if (/^\d+$/.test(value)) return Number(value);
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? null : millis;
}

/** One source value as ES|QL reads a field of `type`; null when the value cannot be indexed as that type. */
export function readScalar(value: unknown, type: EsqlType): Scalar | null {
  switch (type) {
    case 'keyword':
    case 'text':
    case 'ip':
    case 'version':
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
    case 'integer':
    case 'long':
    case 'unsigned_long':
    case 'double': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (Number.isNaN(number)) return null;
      return type === 'double' ? number : Math.trunc(number);
    }
    case 'boolean':
      return value === true || value === 'true' ? true : value === false || value === 'false' ? false : null;
    case 'date':
    case 'date_nanos':
      return dateMillis(value);
    default:
      return null;
  }
}

/** Rounds to the nearest IEEE half-precision value (Lucene's HalfFloatPoint), ties to even. */
export function halfFloat(value: number): number {
  const single = Math.fround(value);
  if (!Number.isFinite(single) || single === 0) return single;
  const magnitude = Math.abs(single);
  if (magnitude >= 65520) return Math.sign(single) * Number.POSITIVE_INFINITY;
  let exponent = Math.floor(Math.log2(magnitude));
  if (2 ** exponent > magnitude) exponent -= 1;
  if (2 ** (exponent + 1) <= magnitude) exponent += 1;
  const step = 2 ** (Math.max(exponent, -14) - 10);
  const units = magnitude / step;
  const floor = Math.floor(units);
  const rest = units - floor;
  const rounded = rest > 0.5 ? floor + 1 : rest < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return Math.sign(single) * rounded * step;
}

/** A number as a field of `fieldType` stores it: `float` and `half_float` keep less precision than a double. */
function storedPrecision(value: Scalar, fieldType: string | undefined): Scalar {
  if (typeof value !== 'number') return value;
  if (fieldType === 'float') return Math.fround(value);
  if (fieldType === 'half_float') return halfFloat(value);
  return value;
}

/**
 * The cell of one field of one document. Keyword, ip and version doc values are sorted sets
 * (duplicates removed); numbers, dates and booleans are sorted numeric doc values (duplicates kept).
 */
function readCell(values: readonly unknown[], type: EsqlType, fieldType?: string): Cell {
  if (values.length === 1) {
    const scalar = readScalar(values[0], type);
    return scalar === null ? null : storedPrecision(scalar, fieldType);
  }
  const scalars = values
    .map((value) => readScalar(value, type))
    .filter((value): value is Scalar => value !== null)
    .map((value) => storedPrecision(value, fieldType));
  if (type === 'text') return cellOf(scalars);
  scalars.sort(compareScalars);
  const docValues = type === 'keyword' || type === 'ip' || type === 'version' ? scalars.filter((value, index) => index === 0 || value !== scalars[index - 1]) : scalars;
  return cellOf(docValues);
}

export interface SourceOptions {
  readonly documents: readonly EventDocument[];
  /** The mapping of the searched indices (field → type); unmapped fields are typed by their values. */
  readonly fieldTypes: FieldTypes;
  /** Only these columns (a streaming pass that needs no others); default every field. */
  readonly only?: ReadonlySet<string>;
}

function guessType(values: readonly unknown[]): EsqlType {
  if (values.every((value) => typeof value === 'boolean')) return 'boolean';
  if (values.every((value) => typeof value === 'number')) return values.every((value) => Number.isInteger(value)) ? 'long' : 'double';
  return 'keyword';
}

/**
 * The one scalar at a path of plain nested objects, the usual shape; undefined when the path meets
 * an array, a literal dotted key or a missing key, which the general reader handles.
 */
function plainValue(source: Record<string, unknown>, parts: readonly string[]): unknown[] | undefined {
  let value: unknown = source;
  for (const part of parts) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value === undefined || (typeof value === 'object' && value !== null) ? undefined : value === null ? [] : [value];
}

function selectedValues(source: Record<string, unknown>, names: readonly (readonly [string, readonly string[]])[]): Map<string, unknown[]> {
  const fields = new Map<string, unknown[]>();
  for (const [name, parts] of names) {
    const values = plainValue(source, parts) ?? sourceValues(source, name).filter((value) => value !== null && value !== undefined && typeof value !== 'object');
    if (values.length > 0) fields.set(name, values);
  }
  return fields;
}

/** The table FROM reads: documents of matching indices, mapped fields as columns, METADATA last. */
export function sourceTable(indexPatterns: readonly string[], metadata: readonly string[], options: SourceOptions): Table {
  const documents = options.documents.filter((document) => indexMatches(document._index, indexPatterns));
  // A streaming pass reads just its columns: flattening every field of every document is its main cost.
  const only = options.only === undefined ? undefined : [...options.only].map((name) => [name, name.split('.')] as const);
  const perDocument = documents.map((document) => (only === undefined ? leafValues([document._source]) : selectedValues(document._source, only)));
  const names = new Set<string>();
  const wanted = (name: string): boolean => options.only === undefined || options.only.has(name);
  for (const [name, mapping] of options.fieldTypes) if (mapping.type !== 'alias' && mapping.type !== 'object' && mapping.type !== 'nested' && wanted(name)) names.add(name);
  const unmapped = new Map<string, unknown[]>();
  for (const fields of perDocument) {
    for (const [name, values] of fields) {
      if (names.has(name) || options.fieldTypes.has(name) || !wanted(name)) continue;
      const seen = unmapped.get(name) ?? [];
      seen.push(...values);
      unmapped.set(name, seen);
    }
  }
  const columns: ColumnInfo[] = [
    ...[...names].map((name) => ({ name, type: columnType(options.fieldTypes.get(name)?.type ?? 'keyword') })),
    ...[...unmapped].map(([name, values]) => ({ name, type: guessType(values) })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const name of metadata) columns.push({ name, type: metadataColumns[name] ?? 'keyword' });
  const rows = documents.map((document, index) => {
    const fields = perDocument[index] as Map<string, unknown[]>;
    return columns.map((column): Cell => {
      if (column.name === '_id') return document._id;
      if (column.name === '_index') return document._index;
      if (column.name === '_version') return 1;
      if (column.name === '_score') return 0;
      if (column.name === '_ignored' || column.name === '_index_mode') return column.name === '_index_mode' ? 'standard' : null;
      const values = fields.get(column.name);
      return values ? readCell(values, column.type, options.fieldTypes.get(column.name)?.type) : null;
    });
  });
  return { columns, rows };
}
