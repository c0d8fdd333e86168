// The immutable syntax tree of an Elasticsearch EQL query.
// Every node carries the span of source text it was parsed from; the formatter and the
// engine ignore spans, the checker and error reports use them.

/** Where a node starts (0-based offset, 1-based line and column) and where it ends (exclusive offset). */
export interface Span {
  readonly offset: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

export type Query = EventQuery | SequenceQuery | SampleQuery;

export interface Pipe {
  readonly kind: 'head' | 'tail';
  readonly count: number;
  readonly span: Span;
}

/** `category where condition`; category is null for `any`. */
export interface EventFilter {
  readonly kind: 'filter';
  readonly category: string | null;
  readonly condition: Expr;
  readonly span: Span;
}

export interface EventQuery {
  readonly kind: 'event';
  readonly filter: EventFilter;
  readonly pipes: readonly Pipe[];
  readonly span: Span;
}

export type TimeUnit = 'ms' | 's' | 'm' | 'h' | 'd';

export interface Duration {
  readonly value: number;
  readonly unit: TimeUnit;
  /** The duration in milliseconds. */
  readonly millis: number;
  readonly span: Span;
}

/** One `[filter] by keys with runs=N` step of a sequence; `missing` for `![filter]`. */
export interface SequenceStep {
  readonly kind: 'step';
  readonly filter: EventFilter;
  readonly by: readonly Expr[];
  readonly runs: number | null;
  readonly missing: boolean;
  readonly span: Span;
}

export interface SequenceQuery {
  readonly kind: 'sequence';
  /** Join keys shared by every step (`sequence by a, b`). */
  readonly by: readonly Expr[];
  readonly maxspan: Duration | null;
  readonly steps: readonly SequenceStep[];
  readonly until: SequenceStep | null;
  readonly pipes: readonly Pipe[];
  readonly span: Span;
}

/** One `[filter] by keys` step of a sample. */
export interface SampleStep {
  readonly kind: 'sample-step';
  readonly filter: EventFilter;
  readonly by: readonly Expr[];
  readonly span: Span;
}

export interface SampleQuery {
  readonly kind: 'sample';
  readonly by: readonly Expr[];
  readonly steps: readonly SampleStep[];
  readonly pipes: readonly Pipe[];
  readonly span: Span;
}

export type Expr =
  | Literal
  | Field
  | Not
  | Logical
  | Comparison
  | Match
  | InList
  | Arithmetic
  | Negate
  | FunctionCall;

export interface Literal {
  readonly kind: 'literal';
  /** Numbers keep whether they were written as integers (long) or decimals (double). */
  readonly value: string | number | boolean | null;
  readonly numberType?: 'long' | 'double';
  readonly span: Span;
}

/**
 * A field reference. `name` is the dotted path without array indices (`process.args`);
 * `path` keeps indices as numbers (`["process", "args", 0]`). Backquoted segments are unquoted.
 */
export interface Field {
  readonly kind: 'field';
  readonly name: string;
  readonly path: readonly (string | number)[];
  readonly optional: boolean;
  readonly span: Span;
}

export interface Not {
  readonly kind: 'not';
  readonly operand: Expr;
  readonly span: Span;
}

export interface Logical {
  readonly kind: 'logical';
  readonly op: 'and' | 'or';
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface Comparison {
  readonly kind: 'comparison';
  readonly op: '==' | '!=' | '<' | '<=' | '>' | '>=';
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/**
 * `left : "pat"`, `left : ("a", "b")`, `left like "x*"`, `left like~ (...)`, `left regex "..."`.
 * `:` is always case-insensitive; like and regex are unless written with `~`.
 */
export interface Match {
  readonly kind: 'match';
  readonly op: ':' | 'like' | 'regex';
  readonly caseInsensitive: boolean;
  readonly left: Expr;
  readonly patterns: readonly Expr[];
  readonly span: Span;
}

/** `left in (...)`, `left in~ (...)`, `left not in (...)`, `left not in~ (...)`. */
export interface InList {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
  readonly left: Expr;
  readonly values: readonly Expr[];
  readonly span: Span;
}

export interface Arithmetic {
  readonly kind: 'arithmetic';
  readonly op: '+' | '-' | '*' | '/' | '%';
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** Unary minus. */
export interface Negate {
  readonly kind: 'negate';
  readonly operand: Expr;
  readonly span: Span;
}

export type FunctionName =
  | 'add'
  | 'between'
  | 'cidrMatch'
  | 'concat'
  | 'divide'
  | 'endsWith'
  | 'indexOf'
  | 'length'
  | 'modulo'
  | 'multiply'
  | 'number'
  | 'startsWith'
  | 'string'
  | 'stringContains'
  | 'substring'
  | 'subtract';

export interface FunctionCall {
  readonly kind: 'call';
  /** Canonical spelling, whatever case the query used. */
  readonly name: FunctionName;
  /** Written with `~` (e.g. `startsWith~`). */
  readonly caseInsensitive: boolean;
  readonly args: readonly Expr[];
  readonly span: Span;
}

export type Node = Query | EventFilter | SequenceStep | SampleStep | Pipe | Duration | Expr;
