// The values expressions evaluate to. A field with several values (an array in _source) is a
// `Multi`: every operator applies to each value, and a condition holds when any value satisfies it
// (Elasticsearch's term and wildcard queries on multi-valued fields behave the same way).

export type Scalar = string | number | boolean | null;

/** Two or more values of one multi-valued field. Never empty, never a single value, no nulls. */
export type Multi = readonly Scalar[];

export type Value = Scalar | Multi;

export const isMulti = (value: Value): value is Multi => Array.isArray(value);

/** A list of leaf values as a Value: null when empty, the value itself when single. */
export function fromList(values: Scalar[]): Value {
  if (values.length === 0) return null;
  if (values.length === 1) return values[0] ?? null;
  return values;
}

/** Applies `f` to each value (the cartesian product when both sides are multi-valued). */
export function mapBinary(left: Value, right: Value, f: (l: Scalar, r: Scalar) => Scalar): Value {
  if (!isMulti(left) && !isMulti(right)) return f(left, right);
  const lefts = isMulti(left) ? left : [left];
  const rights = isMulti(right) ? right : [right];
  const out: Scalar[] = [];
  for (const l of lefts) for (const r of rights) out.push(f(l, r));
  return out.length === 1 ? (out[0] ?? null) : out;
}

export function mapUnary(value: Value, f: (v: Scalar) => Scalar): Value {
  if (!isMulti(value)) return f(value);
  return value.map(f);
}

/**
 * The truth of a condition under three-valued logic: true when any value is true, null when none is
 * true but some is null (unknown), false otherwise. Non-boolean values are not conditions: null.
 */
export function truth(value: Value): boolean | null {
  if (!isMulti(value)) return typeof value === 'boolean' ? value : null;
  let unknown = false;
  for (const v of value) {
    if (v === true) return true;
    if (v !== false) unknown = true;
  }
  return unknown ? null : false;
}

/** The string form Elasticsearch gives a value in `string()` and `concat()`. */
export function asString(value: Scalar): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value : String(value);
}
