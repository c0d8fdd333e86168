// Join keys of sequences and samples (`by` fields): the values of one event, and an id that two
// events share exactly when their key values are equal (the string "5" and the number 5 differ).
import type { Expr } from '../../eql/ast.js';
import type { ExpressionCompiler, Source } from './compile-expression.js';
import type { Value } from './values.js';

export interface JoinKey {
  readonly id: string;
  readonly values: readonly Value[];
}

const NO_KEY: JoinKey = { id: '', values: [] };

function idOf(values: readonly Value[]): string {
  // Plain strings (the usual keys) join cheaply; anything else is spelled out with its type.
  if (values.every((value) => typeof value === 'string' && !value.includes('\u0001'))) return values.join('\u0001');
  return `\u0000${JSON.stringify(values)}`;
}

/**
 * Compiles `by` expressions into a key reader. A key with a null value is no key (the event cannot
 * join) unless that field is optional (`?field`).
 */
export function compileJoinKey(exprs: readonly Expr[], compiler: ExpressionCompiler): (source: Source) => JoinKey | null {
  if (exprs.length === 0) return () => NO_KEY;
  const readers = exprs.map((expr) => ({ read: compiler.value(expr), optional: expr.kind === 'field' && expr.optional }));
  return (source) => {
    const values: Value[] = [];
    for (const { read, optional } of readers) {
      const value = read(source);
      if (value === null && !optional) return null;
      values.push(value);
    }
    return { id: idOf(values), values };
  };
}
