// required_fields from the EQL front end: the catalogued fields the query reads, with types.
import { FieldCatalogueError, loadFieldCatalogue, parseQuery, requiredFields, type FieldCatalogue } from '../eql/index.js';
import type { RequiredFieldsSource } from './payload.js';

export function eqlRequiredFields(): RequiredFieldsSource {
  let catalogue: FieldCatalogue;
  try {
    catalogue = loadFieldCatalogue();
  } catch (error) {
    // A broken field declarations file is the query check's finding (desired-rules.ts), which stops the deploy.
    if (error instanceof FieldCatalogueError) return () => undefined;
    throw error;
  }
  return (query, indexPatterns) => {
    const parsed = parseQuery(query);
    // An unparsable query is reported by the query check (desired-rules.ts), which stops the deploy.
    if (!parsed.ok) return undefined;
    return requiredFields(parsed.query, catalogue, indexPatterns).map(({ name, type }) => ({ name, type }));
  };
}
