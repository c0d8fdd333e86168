// The types of the fields test documents carry, from the field catalogue (ECS plus the
// repository's declared fields): the embedded engine compares by them, and the Elasticsearch
// backend maps its indices with them.
import type { FieldCatalogue } from '../eql/index.js';
import type { EventDocument, FieldMapping, FieldTypes } from '../engines/types.js';

/** Dotted names of the leaf fields of a document (arrays of values count as one field). */
export function leafFieldNames(source: Record<string, unknown>, prefix = '', into = new Set<string>()): Set<string> {
  for (const [key, value] of Object.entries(source)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) leafFieldNames(value as Record<string, unknown>, name, into);
    else if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) {
      for (const item of value) if (typeof item === 'object' && item !== null) leafFieldNames(item as Record<string, unknown>, name, into);
    } else into.add(name);
  }
  return into;
}

export function fieldTypesFor(documents: readonly EventDocument[], catalogue: FieldCatalogue, indexPatterns: readonly string[]): FieldTypes {
  const names = new Set<string>();
  for (const document of documents) leafFieldNames(document._source, '', names);
  const types = new Map<string, FieldMapping>();
  for (const name of [...names].sort()) {
    const info = catalogue.lookup(name, indexPatterns);
    if (info) types.set(name, { type: info.type });
  }
  return types;
}
