// Parse, then check columns, functions and types: what `validate` and `esql check` run on each query.
import type { FieldCatalogue } from '../fields/field-catalogue.js';
import type { Query } from './ast.js';
import { checkColumns } from './checker.js';
import { parseQuery } from './parser.js';
import { QueryText, type EsqlProblem } from './problem.js';

export function checkQuery(
  text: string,
  options: { catalogue: FieldCatalogue; checkFields?: boolean },
): { query?: Query; problems: EsqlProblem[] } {
  const source = new QueryText(text);
  const parsed = parseQuery(text);
  if (!parsed.ok) return { problems: [source.problem('esql.syntax', parsed.error.offset, parsed.error.message, parsed.error.hint)] };
  return { query: parsed.query, problems: checkColumns(parsed.query, source, options) };
}
