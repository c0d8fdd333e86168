// required_fields from the EQL front end: the catalogued fields the query reads, with types.
import { loadFieldCatalogue, parseQuery, requiredFields } from '../eql/index.js';
import type { RequiredFieldsSource } from './payload.js';

export function eqlRequiredFields(): RequiredFieldsSource {
  const catalogue = loadFieldCatalogue();
  return (query, indexPatterns) => {
    const parsed = parseQuery(query);
    // An unparsable query is reported by the query check (desired-rules.ts), which stops the deploy.
    if (!parsed.ok) return undefined;
    return requiredFields(parsed.query, catalogue, indexPatterns).map(({ name, type }) => ({ name, type }));
  };
}
