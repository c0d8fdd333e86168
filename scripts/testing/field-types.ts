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
