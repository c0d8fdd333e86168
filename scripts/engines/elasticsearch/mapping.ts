// The mapping of a run's index: every field the documents carry, plus every field the search
// needs (the query's fields, the timestamp, event category and tiebreaker fields), typed from
// ECS and the declared fields. A field that is neither is typed from its values, strings as
// `keyword` (not dynamic mapping's `text` + `.keyword`), so exact matching behaves as on ECS.
import { leafValues } from '../document-fields.js';
import type { FieldMapping, FieldTypes } from '../types.js';
import { ReplayRunError } from './errors.js';

export interface PropertyMapping {
  type?: string;
  path?: string;
  ignore_above?: number;
  format?: string;
  null_value?: string | number | boolean;
  value?: string;
  fields?: Record<string, PropertyMapping>;
  properties?: Record<string, PropertyMapping>;
}

export interface IndexMapping {
  properties: Record<string, PropertyMapping>;
}

// Types that structure sub-fields rather than hold a value: their leaves are mapped instead.
const containerTypes = new Set(['object', 'nested']);
// Types whose sub-fields are part of the value: one mapping at the parent covers them.
const wholeValueTypes = new Set(['flattened']);

/** The Elasticsearch property for a catalogued field type. */
export function propertyFor(field: FieldMapping): PropertyMapping {
  switch (field.type) {
    case 'alias':
      return { type: 'alias', ...(field.path ? { path: field.path } : {}) };
    case 'text':
    case 'match_only_text':
      return field.keywordSubField
        ? {
            type: field.type,
            fields: {
              [field.keywordSubField.name]: {
                type: 'keyword',
                ...(field.keywordSubField.ignoreAbove === undefined ? {} : { ignore_above: field.keywordSubField.ignoreAbove }),
              },
            },
          }
        : { type: field.type };
    // scaled_float needs a scaling factor the catalogue does not carry; double holds the same values.
    case 'scaled_float':
      return { type: 'double' };
    default:
      return {
        type: field.type,
        ...(field.ignoreAbove === undefined ? {} : { ignore_above: field.ignoreAbove }),
        ...(field.format === undefined ? {} : { format: field.format }),
        ...(field.nullValue === undefined ? {} : { null_value: field.nullValue }),
        ...(field.constantValue === undefined ? {} : { value: field.constantValue }),
      };
  }
}

/** The type for an uncatalogued field, from the values the documents give it. */
export function inferredProperty(values: readonly unknown[]): PropertyMapping {
  const kinds = new Set(values.map((value) => typeof value));
  if (kinds.size === 1 && kinds.has('boolean')) return { type: 'boolean' };
  if (kinds.size === 1 && kinds.has('number')) {
    return { type: values.every((value) => Number.isInteger(value)) ? 'long' : 'double' };
  }
  return { type: 'keyword' };
}

/**
 * The mapping for documents with these sources, mapping also `requiredFields` (which need not
 * occur in any document: Elasticsearch rejects an EQL query naming an unmapped field).
 */
export function buildMapping(
  sources: Iterable<Record<string, unknown>>,
  fieldTypes: FieldTypes,
  requiredFields: Iterable<string>,
): IndexMapping {
  const carried = leafValues(sources);
  const wanted = new Map<string, PropertyMapping>();
  const pending = [...carried.keys(), ...requiredFields];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    const owner = wholeValueAncestor(name, fieldTypes);
    if (owner !== undefined) {
      wanted.set(owner, { type: fieldTypes.get(owner)?.type ?? 'flattened' });
      continue;
    }
    if (wanted.has(name)) continue;
    const field = fieldTypes.get(name);
    if (field !== undefined && !containerTypes.has(field.type)) {
      wanted.set(name, propertyFor(field));
      // An alias is only valid when its target is mapped too.
      if (field.type === 'alias' && field.path) pending.push(field.path);
    } else {
      wanted.set(name, inferredProperty(carried.get(name) ?? []));
    }
  }
  return { properties: nest(wanted) };
}

function wholeValueAncestor(name: string, fieldTypes: FieldTypes): string | undefined {
  const parts = name.split('.');
  for (let length = 1; length <= parts.length; length += 1) {
    const prefix = parts.slice(0, length).join('.');
    const type = fieldTypes.get(prefix)?.type;
    if (type !== undefined && wholeValueTypes.has(type)) return prefix;
  }
  return undefined;
}

/** Dotted names → nested `properties`, refusing a name that is both a value and an object. */
function nest(fields: ReadonlyMap<string, PropertyMapping>): Record<string, PropertyMapping> {
  const root: Record<string, PropertyMapping> = {};
  const names = [...fields.keys()].sort();
  for (const name of names) {
    const parts = name.split('.');
    let level = root;
    for (const [position, part] of parts.entries()) {
      const existing = level[part];
      const prefix = parts.slice(0, position + 1).join('.');
      if (position === parts.length - 1) {
        if (existing !== undefined) throw conflict(prefix, name);
        level[part] = fields.get(name) as PropertyMapping;
        break;
      }
      if (existing === undefined) {
        const object: PropertyMapping = { properties: {} };
        level[part] = object;
        level = object.properties as Record<string, PropertyMapping>;
      } else if (existing.properties !== undefined) {
        level = existing.properties;
      } else {
        throw conflict(prefix, name);
      }
    }
  }
  return root;
}

function conflict(value: string, object: string): ReplayRunError {
  return new ReplayRunError(
    `field "${value}" is both a value and an object (it has the sub-field "${object}"): Elasticsearch cannot map both; make the test documents use one shape`,
  );
}
