// Kibana's required_fields for an EQL rule: every catalogued field the query reads, by name.
import type { Query } from './ast.js';
import { fieldsOf } from './ast-walk.js';
import type { FieldCatalogue, FieldInfo } from '../fields/field-catalogue.js';

/** Fields the catalogue does not know are left out: the field checker reports them. */
export function requiredFields(query: Query, catalogue: FieldCatalogue, indexPatterns: readonly string[]): FieldInfo[] {
  const byName = new Map<string, FieldInfo>();
  for (const field of fieldsOf(query)) {
    if (byName.has(field.name)) continue;
    const info = catalogue.lookup(field.name, indexPatterns);
    if (info) byName.set(field.name, { name: info.name, type: info.type, ecs: info.ecs });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
