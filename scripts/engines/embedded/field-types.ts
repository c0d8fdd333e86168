// Flattens an Elasticsearch mapping into dotted field names, the form the engine resolves fields in.
import { keywordFamily } from '../../fields/field-catalogue.js';
import type { FieldMapping, FieldTypes } from '../types.js';

export class MappingError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ignoreAbove(definition: Record<string, unknown>): number | undefined {
  return typeof definition.ignore_above === 'number' ? definition.ignore_above : undefined;
}

function keywordSubField(definition: Record<string, unknown>): FieldMapping['keywordSubField'] {
  if (!isObject(definition.fields)) return undefined;
  for (const [name, sub] of Object.entries(definition.fields)) {
    if (isObject(sub) && typeof sub.type === 'string' && keywordFamily.has(sub.type)) {
      const limit = ignoreAbove(sub);
      return limit === undefined ? { name } : { name, ignoreAbove: limit };
    }
  }
  return undefined;
}

function toFieldMapping(name: string, definition: Record<string, unknown>): FieldMapping {
  const type = typeof definition.type === 'string' ? definition.type : 'object';
  if (type === 'alias') {
    if (typeof definition.path !== 'string') throw new MappingError(`alias field "${name}" has no "path"`);
    return { type, path: definition.path };
  }
  if (type === 'text' || type === 'match_only_text') {
    const sub = keywordSubField(definition);
    return sub ? { type, keywordSubField: sub } : { type };
  }
  const limit = ignoreAbove(definition);
  const nullValue = definition.null_value;
  return {
    type,
    ...(limit === undefined ? {} : { ignoreAbove: limit }),
    ...(typeof definition.format === 'string' ? { format: definition.format } : {}),
    ...(typeof nullValue === 'string' || typeof nullValue === 'number' || typeof nullValue === 'boolean' ? { nullValue } : {}),
    ...(type === 'constant_keyword' && typeof definition.value === 'string' ? { constantValue: definition.value } : {}),
  };
}

function collect(properties: Record<string, unknown>, prefix: string, into: Map<string, FieldMapping>): void {
  for (const [key, definition] of Object.entries(properties)) {
    if (!isObject(definition)) continue;
    const name = prefix + key;
    if (isObject(definition.properties)) {
      collect(definition.properties, `${name}.`, into);
      continue;
    }
    into.set(name, toFieldMapping(name, definition));
  }
}

/**
 * Field types from an Elasticsearch mapping: `{ mappings: { properties } }`, `{ properties }`, or an
 * index-keyed `GET _mapping` answer (`{ index: { mappings } }`, merged over every index).
 */
export function fieldTypesFromMapping(mapping: unknown): FieldTypes {
  const fields = new Map<string, FieldMapping>();
  if (!isObject(mapping)) throw new MappingError('a mapping must be a JSON object');
  if (isObject(mapping.mappings)) return fieldTypesFromMapping(mapping.mappings);
  if (isObject(mapping.properties)) {
    collect(mapping.properties, '', fields);
    return fields;
  }
  const indices = Object.values(mapping).filter(isObject);
  if (indices.length > 0 && indices.every((index) => isObject(index.mappings))) {
    for (const index of indices) for (const [name, field] of fieldTypesFromMapping(index)) fields.set(name, field);
    return fields;
  }
  throw new MappingError('a mapping needs "properties" (or "mappings.properties")');
}

export const isKeywordType = (type: string): boolean => keywordFamily.has(type);
export const isNumericType = (type: string): boolean =>
  ['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long'].includes(type);
export const isFloatingType = (type: string): boolean =>
  ['double', 'float', 'half_float', 'scaled_float'].includes(type);
export const isDateType = (type: string): boolean => type === 'date' || type === 'date_nanos';
