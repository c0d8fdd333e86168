// Parse, then field- and type-check: what `validate` and `kql check` run on each KQL query.
import type { Query } from './ast.js';
import type { FieldCatalogue } from '../fields/field-catalogue.js';
import { checkKqlFields } from './field-checker.js';
import { parseKql } from './parser.js';
import type { KqlProblem } from './problem.js';

export function checkKql(
  text: string,
  options: { catalogue: FieldCatalogue; indexPatterns: readonly string[] },
): { query?: Query; problems: KqlProblem[] } {
  const parsed = parseKql(text);
  if (!parsed.ok) return { problems: parsed.errors };
  return { query: parsed.query, problems: checkKqlFields(parsed.query, options.catalogue, options.indexPatterns, text) };
}
