// What a query clause sees of one field of a document: the mapped type of the field (after an
// alias, a multi-field such as `process.command_line.text`, or a text field's keyword sub-field)
// and its leaf values, arrays flattened, nulls dropped.
import { keywordFamily, textTypes } from '../../fields/field-catalogue.js';
import { sourceValues } from '../embedded/field-access.js';
import { isDateType, isNumericType } from '../embedded/field-types.js';
import type { FieldTypes } from '../types.js';

/** How a field's values compare: the families Elasticsearch's field mappers fall into. */
export type ValueFamily = 'keyword' | 'text' | 'numeric' | 'date' | 'ip' | 'boolean' | 'unmapped';

export interface ResolvedField {
  readonly name: string;
  readonly family: ValueFamily;
  /** The mapping's type name (`long`, `match_only_text`, …), undefined when unmapped. */
  readonly type: string | undefined;
  /** Whether `long`, `integer`, … (no decimal part). */
  readonly integer: boolean;
  /** Values longer than this are not indexed (keyword `ignore_above`). */
  readonly ignoreAbove: number | undefined;
  /** The raw leaf values the document holds for this field. */
  readonly read: (source: Record<string, unknown>) => unknown[];
}

export function familyOf(type: string | undefined): ValueFamily {
  if (type === undefined) return 'unmapped';
  if (keywordFamily.has(type)) return 'keyword';
  if (textTypes.has(type)) return 'text';
  if (isNumericType(type)) return 'numeric';
  if (isDateType(type)) return 'date';
  if (type === 'ip') return 'ip';
  if (type === 'boolean') return 'boolean';
  return 'keyword';
}

const INTEGER_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);

function flatten(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && value !== undefined) out.push(value);
  };
  values.forEach(visit);
  return out;
}

export function resolveField(name: string, types: FieldTypes): ResolvedField {
  let mapping = types.get(name);
  let path = name;
  if (mapping?.type === 'alias' && mapping.path !== undefined) {
    path = mapping.path;
    mapping = types.get(path);
  }
  let type = mapping?.type;
  let ignoreAbove = mapping?.ignoreAbove;
  const dot = path.lastIndexOf('.');
  const parentName = dot > 0 ? path.slice(0, dot) : undefined;
  const parent = parentName === undefined ? undefined : types.get(parentName);
  // A multi-field (`user.name.text`, `message.keyword`) indexes its parent's value a second way.
  const multiField = parent !== undefined && parent.type !== 'object' && parent.type !== 'nested' && parentName !== undefined;
  if (mapping === undefined && parent?.type === 'text' && parent.keywordSubField?.name === path.slice(dot + 1)) {
    type = 'keyword';
    ignoreAbove = parent.keywordSubField.ignoreAbove;
  }
  const readPath = multiField || (mapping === undefined && parent?.keywordSubField) ? (parentName as string) : path;
  return {
    name,
    family: familyOf(type),
    type,
    integer: type !== undefined && INTEGER_TYPES.has(type),
    ignoreAbove,
    read: (source) => flatten(sourceValues(source, readPath)),
  };
}
