// Compiles a field reference into a reader of one event's _source: the dotted path is resolved once,
// values are converted to what the field's mapping makes Elasticsearch see (keyword → string,
// numbers → number, date → epoch milliseconds, ignore_above), and arrays become Multi values.
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
  if (mapping.type === 'text') {
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

type Convert = (value: unknown, into: Scalar[]) => void;

function flatten(value: unknown, into: Scalar[], leaf: Convert): void {
  if (Array.isArray(value)) for (const item of value) flatten(item, into, leaf);
  else leaf(value, into);
}

const plainLeaf: Convert = (value, into) => {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') into.push(value);
};

function keywordLeaf(ignoreAbove: number | undefined): Convert {
  return (value, into) => {
    if (typeof value === 'string') {
      if (ignoreAbove === undefined || value.length <= ignoreAbove) into.push(value);
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      into.push(String(value));
    }
  };
}

const numericLeaf: Convert = (value, into) => {
  if (typeof value === 'number') into.push(value);
  else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) into.push(Number(value));
};

/** Epoch milliseconds of a date value: numbers and numeric strings are epoch millis, other strings ISO 8601. */
export function dateMillis(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

const dateLeaf: Convert = (value, into) => {
  const millis = dateMillis(value);
  if (millis !== null) into.push(millis);
};

const booleanLeaf: Convert = (value, into) => {
  if (typeof value === 'boolean') into.push(value);
  else if (value === 'true' || value === 'false') into.push(value === 'true');
};

function leafFor(resolution: Resolution): Convert {
  const type = resolution.mapping?.type;
  if (type === undefined) return plainLeaf;
  if (isKeywordType(type)) return keywordLeaf(resolution.ignoreAbove);
  if (isNumericType(type)) return numericLeaf;
  if (isDateType(type)) return dateLeaf;
  if (type === 'boolean') return booleanLeaf;
  return plainLeaf;
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
  const single = segments.length === 1 && typeof segments[0] === 'string' ? segments[0] : undefined;
  const read: SourceReader = (source) => {
    const raw: unknown[] = [];
    if (single !== undefined) {
      const value = source[single];
      if (value !== undefined) raw.push(value);
    } else {
      collectValues(source, segments, 0, raw);
    }
    if (raw.length === 0) return null;
    const values: Scalar[] = [];
    for (const value of raw) flatten(value, values, leaf);
    return fromList(values);
  };
  const type = resolution.mapping?.type;
  return { read, numericKind: numericKindOf(type), type };
}
