// The KQL syntax tree: immutable, every node with its span in the query text. It keeps what the
// user wrote (a value list stays a list under its field) so the formatter can print it back; the
// translation distributes the field over the list as Kibana's grammar does.
// Grammar: elastic/kibana src/platform/packages/shared/kbn-es-query/src/kuery/grammar/grammar.peggy

/** Where a node is: 0-based offset and length in the query, with the start's 1-based line and column. */
export interface Span {
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
}

/**
 * A literal as Kibana reads it: quoted text, or unquoted text with escapes resolved and the outer
 * whitespace trimmed. Unquoted `true`, `false` and `null` are the JSON values; unquoted text with an
 * unescaped `*` is a wildcard, kept as the pieces between the stars.
 */
export interface Term {
  readonly kind: 'term';
  readonly value: string | boolean | null;
  readonly quoted: boolean;
  /** For a wildcard, the literal text between the unescaped stars (`a*b` → ['a', 'b']). */
  readonly wildcard?: readonly string[];
  readonly span: Span;
}

export interface ValueOr {
  readonly kind: 'or';
  readonly operands: readonly ValueExpr[];
  readonly span: Span;
}

export interface ValueAnd {
  readonly kind: 'and';
  readonly operands: readonly ValueExpr[];
  readonly span: Span;
}

export interface ValueNot {
  readonly kind: 'not';
  readonly operand: ValueExpr;
  readonly span: Span;
}

/** What follows `field:`: one value, or a parenthesised list combined with or/and/not. */
export type ValueExpr = Term | ValueOr | ValueAnd | ValueNot;

/** `field: values`; without a field (free text) the values search every field. */
export interface FieldMatch {
  readonly kind: 'match';
  readonly field: Term | null;
  readonly values: ValueExpr;
  readonly span: Span;
}

export type RangeOperator = 'gt' | 'gte' | 'lt' | 'lte';

export interface FieldRange {
  readonly kind: 'range';
  readonly field: Term;
  readonly operator: RangeOperator;
  readonly value: Term;
  readonly span: Span;
}

/** `path: { query }`: the query runs against each object of a `nested` field. */
export interface Nested {
  readonly kind: 'nested';
  readonly path: Term;
  readonly query: Query;
  readonly span: Span;
}

export interface Or {
  readonly kind: 'or';
  readonly operands: readonly Query[];
  readonly span: Span;
}

export interface And {
  readonly kind: 'and';
  readonly operands: readonly Query[];
  readonly span: Span;
}

export interface Not {
  readonly kind: 'not';
  readonly operand: Query;
  readonly span: Span;
}

/** Kibana reads an empty query as `*:*`, which matches every document. */
export interface MatchAll {
  readonly kind: 'match-all';
  readonly span: Span;
}

export type Query = Or | And | Not | Nested | FieldMatch | FieldRange | MatchAll;

export const rangeOperatorText: Readonly<Record<RangeOperator, string>> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** A wildcard term that is a lone `*` (Kibana's isLoneWildcard): `field:*` means the field exists. */
export function isLoneWildcard(term: Term): boolean {
  return term.wildcard !== undefined && term.wildcard.length === 2 && term.wildcard[0] === '' && term.wildcard[1] === '';
}

/** A term's text with wildcards as `*` (Kibana's literal/wildcard toElasticsearchQuery). */
export function termText(term: Term): string | boolean | null {
  return term.wildcard ? term.wildcard.join('*') : term.value;
}
