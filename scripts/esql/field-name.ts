// The name of the column `name = expression` or a bare expression makes: the name given, else a
// bare column keeps its own (unquoted) name, else the expression's text as written, as
// Elasticsearch names it (LogicalPlanBuilder: an unnamed field is an Alias named after its source).
import type { Field } from './ast.js';

export function fieldName(field: Field, text: string): string {
  if (field.name) return field.name.name;
  const { expression } = field;
  return expression.kind === 'column' ? expression.name : text.slice(expression.offset, expression.end);
}
