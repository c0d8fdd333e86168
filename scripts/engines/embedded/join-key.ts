// Join keys of sequences and samples (`by` fields): the values of one event, and an id that two
// events share exactly when their key values are equal (the string "5" and the number 5 differ).
//
// A multi-valued key field gives one key per distinct value, and several of them the cartesian
// product, as Elasticsearch 9.x does: the event joins a sequence (or sample) under each of its keys.
import type { Expr } from '../../eql/ast.js';
import type { ExpressionCompiler, Source } from './compile-expression.js';
import { isMulti, type Scalar } from './values.js';

export interface JoinKey {
  readonly id: string;
  readonly values: readonly Scalar[];
  /** The values as Elasticsearch prints them in `join_keys` (dates in the field's format). */
  readonly shown: readonly unknown[];
}

const NO_KEY: JoinKey = { id: '', values: [], shown: [] };
const NO_KEYS: readonly JoinKey[] = [];
const ONLY_NO_KEY: readonly JoinKey[] = [NO_KEY];

function idOf(values: readonly Scalar[]): string {
  // Plain strings (the usual keys) join cheaply; anything else is spelled out with its type.
  if (values.every((value) => typeof value === 'string' && !value.includes('\u0001'))) return values.join('\u0001');
  return `\u0000${JSON.stringify(values)}`;
}

/** The distinct values of one key expression for one event; [] when it gives no key. */
function distinct(values: readonly Scalar[]): Scalar[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const id = `${typeof value}:${String(value)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Compiles `by` expressions into a reader of an event's keys: one per combination of the key
 * expressions' distinct values; none when a key has no value (a null value is no key: the event
 * cannot join) unless that field is optional (`?field`, missing or `[null]`), whose key is null.
 */
export function compileJoinKey(exprs: readonly Expr[], compiler: ExpressionCompiler): (source: Source) => readonly JoinKey[] {
  if (exprs.length === 0) return () => ONLY_NO_KEY;
  const readers = exprs.map((expr) => ({ ...compiler.key(expr), optional: expr.kind === 'field' && expr.optional }));
  const single = (values: Scalar[]): readonly JoinKey[] => [
    { id: idOf(values), values, shown: values.map((value, i) => (value === null ? null : (readers[i] as { show: (v: Scalar) => unknown }).show(value))) },
  ];
  return (source) => {
    // The usual case, every key single-valued, builds one key without the combinations.
    const first: Scalar[] = [];
    let multi = false;
    for (const { read, optional } of readers) {
      const value = read(source);
      if (value === null && !optional) return NO_KEYS;
      if (isMulti(value)) {
        multi = true;
        break;
      }
      first.push(value);
    }
    if (!multi) return single(first);
    let combinations: Scalar[][] = [[]];
    for (const { read, optional } of readers) {
      const value = read(source);
      if (value === null && !optional) return NO_KEYS;
      if (!isMulti(value)) {
        for (const combination of combinations) combination.push(value);
        continue;
      }
      const options = distinct(value);
      combinations = combinations.flatMap((prefix) => options.map((option) => [...prefix, option]));
    }
    return combinations.flatMap(single);
  };
}
