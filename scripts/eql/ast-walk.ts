// Visiting the expressions of a query: the conditions and join keys, in source order.
import type { EventFilter, Expr, Field, Query } from './ast.js';

/** The top-level expressions of a query: shared keys, then each step's condition and keys. */
export function rootExpressions(query: Query): Expr[] {
  const roots: Expr[] = [];
  const addFilter = (filter: EventFilter): void => {
    roots.push(filter.condition);
  };
  switch (query.kind) {
    case 'event':
      addFilter(query.filter);
      break;
    case 'sequence':
    case 'sample':
      roots.push(...query.by);
      for (const step of query.kind === 'sequence' && query.until ? [...query.steps, query.until] : query.steps) {
        addFilter(step.filter);
        roots.push(...step.by);
      }
      break;
  }
  return roots;
}

/** The direct sub-expressions of an expression. */
export function children(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'literal':
    case 'field':
      return [];
    case 'not':
    case 'negate':
      return [expr.operand];
    case 'logical':
    case 'comparison':
    case 'arithmetic':
      return [expr.left, expr.right];
    case 'match':
      return [expr.left, ...expr.patterns];
    case 'in':
      return [expr.left, ...expr.values];
    case 'call':
      return expr.args;
  }
}

/** Every field reference in the query, in source order. */
export function fieldsOf(query: Query): Field[] {
  const fields: Field[] = [];
  const visit = (expr: Expr): void => {
    if (expr.kind === 'field') fields.push(expr);
    else for (const child of children(expr)) visit(child);
  };
  for (const root of rootExpressions(query)) visit(root);
  return fields;
}
