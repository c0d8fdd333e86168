// Parse, then field-check: what `validate` and `eql check` run on each query.
import type { Query } from './ast.js';
import type { FieldCatalogue } from '../fields/field-catalogue.js';
import { checkFields } from './field-checker.js';
import { parseQuery } from './parser.js';
import type { EqlProblem } from './problem.js';

export function checkQuery(
  text: string,
  options: { catalogue: FieldCatalogue; indexPatterns: readonly string[] },
): { query?: Query; problems: EqlProblem[] } {
  const parsed = parseQuery(text);
  if (!parsed.ok) return { problems: parsed.errors };
  return { query: parsed.query, problems: checkFields(parsed.query, options.catalogue, options.indexPatterns, text) };
}
