// Compiles a field reference into a reader of one event's _source: the dotted path is resolved once,
// values are converted to what the field's mapping makes Elasticsearch see (keyword → string,
// numbers → number, date → epoch milliseconds, ignore_above), and arrays become Multi values.
import { dateFormat, DateFormatError, defaultDateFormat, defaultDateNanosFormat } from '../../eql/date-format.js';
import type { FieldMapping, FieldTypes } from '../types.js';
import { isDateType, isFloatingType, isKeywordType, isNumericType } from './field-types.js';
import { fromList, type Scalar, type Value } from './values.js';

export class FieldError extends Error {}

export type SourceReader = (source: Record<string, unknown>) => Value;

/** What arithmetic needs to know statically: integer (long) or floating (double) or unknown. */
export type NumericKind = 'long' | 'double' | 'unknown';

export interface CompiledField {
  readonly read: SourceReader;
  readonly numericKind: NumericKind;
  /** The mapping's type of the field read, if mapped (after alias and sub-field resolution). */
  readonly type: string | undefined;
  /** The mapping of the field read, if mapped. */
  readonly mapping?: FieldMapping;
}

interface Resolution {
  readonly path: readonly (string | number)[];
  readonly mapping: FieldMapping | undefined;
  readonly ignoreAbove: number | undefined;
}

function resolve(name: string, path: readonly (string | number)[], types: FieldTypes | undefined): Resolution {
  if (!types) return { path, mapping: undefined, ignoreAbove: undefined };
  let mapping = types.get(name);
  let resolvedPath = path;
  if (mapping?.type === 'alias' && mapping.path !== undefined) {
    const target = mapping.path;
    const indices = path.filter((segment) => typeof segment === 'number');
    resolvedPath = [...target.split('.'), ...indices];
    mapping = types.get(target);
    name = target;
  }
  if (mapping === undefined) {
    // `hostname.keyword`: the keyword sub-field of a text field reads the text field's values.
    const dot = name.lastIndexOf('.');
    const parent = dot > 0 ? types.get(name.slice(0, dot)) : undefined;
    if (parent?.type === 'text' && parent.keywordSubField?.name === name.slice(dot + 1)) {
      const parentPath = resolvedPath.slice(0, -1);
      return { path: parentPath, mapping: { type: 'keyword' }, ignoreAbove: parent.keywordSubField.ignoreAbove };
    }
    return { path: resolvedPath, mapping: undefined, ignoreAbove: undefined };
  }
  if (mapping.type === 'text' || mapping.type === 'match_only_text') {
    if (!mapping.keywordSubField) {
      throw new FieldError(
        `field "${name}" is a text field without a keyword sub-field; EQL compares keyword values only ` +
          `(map "${name}" as keyword, or give it a keyword sub-field)`,
      );
    }
    // Like Elasticsearch, compare a text field through its keyword sub-field.
    return { path: resolvedPath, mapping: { type: 'keyword' }, ignoreAbove: mapping.keywordSubField.ignoreAbove };
  }
  return { path: resolvedPath, mapping, ignoreAbove: mapping.ignoreAbove };
}

/** Collects the values at `path` below `node`, descending into arrays of objects on the way. */
function collectValues(node: unknown, path: readonly (string | number)[], from: number, out: unknown[]): void {
  if (from === path.length) {
    out.push(node);
    return;
  }
  if (Array.isArray(node)) {
    const segment = path[from];
    if (typeof segment === 'number') {
      if (segment < node.length) collectValues(node[segment], path, from + 1, out);
      return;
    }
    for (const item of node) collectValues(item, path, from, out);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  const first = path[from];
  if (first === undefined || typeof first === 'number') return;
  // Documents may nest objects (`{"host": {"id": ...}}`) or use literal dotted keys (`{"host.id": ...}`).
  let key = first;
  for (let to = from; to < path.length; to++) {
    if (to > from) {
      const segment = path[to];
      if (typeof segment === 'number') break;
      key = `${key}.${segment}`;
    }
    const child = record[key];
    if (child !== undefined) collectValues(child, path, to + 1, out);
  }
}

/**
 * The raw values of a dotted field in a document, found as the engine finds them: through nested
 * objects, literal dotted keys and arrays of objects, in any mix (`{"process": {"parent.name": ...}}`).
 */
export function sourceValues(source: Record<string, unknown>, dotted: string): unknown[] {
  const values: unknown[] = [];
  collectValues(source, dotted.split('.'), 0, values);
  return values;
}

/** Converts one leaf value to what the mapping makes Elasticsearch see; undefined when it sees nothing. */
type Convert = (value: unknown) => Scalar | undefined;

const plainLeaf: Convert = (value) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;

function keywordLeaf(ignoreAbove: number | undefined): Convert {
  return (value) => {
    if (typeof value === 'string') return ignoreAbove === undefined || value.length <= ignoreAbove ? value : undefined;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  };
}

const numericLeaf: Convert = (value) => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
};

/** Epoch milliseconds of a date value: numbers and numeric strings are epoch millis, other strings ISO 8601. */
export function dateMillis(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/** The format a date field's values are read and printed with (its mapping's, else the type's default). */
export function dateFormatOf(mapping: FieldMapping): string {
  return mapping.format ?? (mapping.type === 'date_nanos' ? defaultDateNanosFormat : defaultDateFormat);
}

function dateLeaf(mapping: FieldMapping): Convert {
  let format;
  try {
    format = dateFormat(dateFormatOf(mapping));
  } catch (error) {
    if (error instanceof DateFormatError) throw new FieldError(error.message);
    throw error;
  }
  return (value) => format.parse(value) ?? undefined;
}

const booleanLeaf: Convert = (value) => {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
};

function flatten(value: unknown, into: Scalar[], leaf: Convert): void {
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, into, leaf);
    return;
  }
  const converted = leaf(value);
  if (converted !== undefined) into.push(converted);
}

function typedLeaf(mapping: FieldMapping, ignoreAbove: number | undefined): Convert {
  const { type } = mapping;
  if (isKeywordType(type)) return keywordLeaf(ignoreAbove);
  if (isNumericType(type)) return numericLeaf;
  if (isDateType(type)) return dateLeaf(mapping);
  if (type === 'boolean') return booleanLeaf;
  return plainLeaf;
}

/** The leaf converter; with `null_value`, an explicit null (alone or in an array) is indexed as that value. */
function leafFor(resolution: Resolution): Convert {
  const mapping = resolution.mapping;
  if (mapping === undefined) return plainLeaf;
  const leaf = typedLeaf(mapping, resolution.ignoreAbove);
  if (mapping.nullValue === undefined) return leaf;
  const indexedNull = leaf(mapping.nullValue);
  return (value) => (value === null ? indexedNull : leaf(value));
}

/** Returned by the fast lookup when the path crosses an array: the general walk must collect. */
const CROSSES_ARRAY = Symbol('crosses array');

/**
 * The first value at a path of names, without allocating: tries nested objects and literal dotted
 * keys (joined[i][j] is names i..j joined by dots). When both spellings hold a value, the first
 * found wins (Elasticsearch would see both; documents rarely mix them).
 */
function lookup(node: unknown, from: number, joined: readonly (readonly string[])[]): unknown {
  if (from === joined.length) return node;
  if (Array.isArray(node)) return CROSSES_ARRAY;
  if (typeof node !== 'object' || node === null) return undefined;
  const keys = joined[from] as readonly string[];
  for (let to = from; to < joined.length; to++) {
    const child = (node as Record<string, unknown>)[keys[to - from] as string];
    if (child === undefined) continue;
    const found = lookup(child, to + 1, joined);
    if (found !== undefined) return found;
  }
  return undefined;
}

function numericKindOf(type: string | undefined): NumericKind {
  if (type === undefined) return 'unknown';
  if (isFloatingType(type)) return 'double';
  if (isNumericType(type) || isDateType(type)) return 'long';
  return 'unknown';
}

/** Compiles a reader of field `name`; `forceType` reads it as that type whatever the mapping says. */
export function compileField(
  name: string,
  path: readonly (string | number)[],
  types?: FieldTypes,
  forceType?: string,
): CompiledField {
  const resolved = resolve(name, path, types);
  const resolution = forceType === undefined ? resolved : { ...resolved, mapping: { type: forceType } };
  const leaf = leafFor(resolution);
  const segments = resolution.path;
  const collect = (source: Record<string, unknown>): Value => {
    const raw: unknown[] = [];
    collectValues(source, segments, 0, raw);
    const values: Scalar[] = [];
    for (const value of raw) flatten(value, values, leaf);
    return fromList(values);
  };
  let read: SourceReader = collect;
  const nullValue = resolution.mapping?.nullValue;
  if (segments.every((segment) => typeof segment === 'string') && nullValue === undefined) {
    const names = segments as readonly string[];
    const joined = names.map((_, i) => names.slice(i).map((__, k) => names.slice(i, i + k + 1).join('.')));
    read = (source) => {
      const found = lookup(source, 0, joined);
      if (found === undefined || found === null) return null;
      if (found === CROSSES_ARRAY) return collect(source);
      if (Array.isArray(found)) {
        // ECS wraps single values in arrays (`event.category: ["iam"]`): no list for those.
        if (found.length === 1 && !Array.isArray(found[0])) return leaf(found[0]) ?? null;
        const values: Scalar[] = [];
        flatten(found, values, leaf);
        return fromList(values);
      }
      return leaf(found) ?? null;
    };
  }
  const type = resolution.mapping?.type;
  // constant_keyword: every document of the index has the mapping's value, in _source or not.
  const constant = resolution.mapping?.constantValue;
  if (constant !== undefined) {
    const fromSource = read;
    read = (source) => fromSource(source) ?? constant;
  }
  return { read, numericKind: numericKindOf(type), type, ...(resolution.mapping ? { mapping: resolution.mapping } : {}) };
}
