// The types of the fields test documents carry, from the field catalogue (ECS plus the
// repository's declared fields): the embedded engine compares by them, and the Elasticsearch
// backend maps its indices with them.
import { requiredFields, type FieldCatalogue, type Query } from '../eql/index.js';
import { leafValues } from '../engines/document-fields.js';
import type { EventDocument, FieldMapping, FieldTypes } from '../engines/types.js';

export function fieldTypesFor(documents: readonly EventDocument[], catalogue: FieldCatalogue, indexPatterns: readonly string[]): FieldTypes {
  const names = leafValues(documents.map((document) => document._source)).keys();
  const types = new Map<string, FieldMapping>();
  for (const name of [...names].sort()) {
    const info = catalogue.lookup(name, indexPatterns);
    if (info) types.set(name, { type: info.type });
  }
  return types;
}

/** The types of the fields a query names, from the catalogue: the engine compares them as a search of the rule's indices would. */
export function queryFieldTypes(query: Query, catalogue: FieldCatalogue, indexPatterns: readonly string[]): FieldTypes {
  return new Map(requiredFields(query, catalogue, indexPatterns).map((field) => [field.name, { type: field.type }]));
}

/**
 * The field types of a query DSL run: those the documents carry plus the fields the query, the
 * threshold or the new_terms settings name (a multi-field such as `user.name.text` is only ever
 * named by a query), from the catalogue.
 */
export function dslRunFieldTypes(documents: readonly EventDocument[], named: readonly string[], catalogue: FieldCatalogue, indexPatterns: readonly string[]): FieldTypes {
  const types = new Map(fieldTypesFor(documents, catalogue, indexPatterns));
  for (const name of named) {
    const info = types.has(name) ? undefined : catalogue.lookup(name, indexPatterns);
    if (info) types.set(name, { type: info.type });
  }
  return types;
}
