// The syntax tree of an ES|QL query: a source command and the processing commands piped after it,
// shaped after Elasticsearch's grammar (EsqlBaseParser.g4, parser/Expression.g4, parser/Join.g4).
// Every node carries the span of its text; nodes are never changed after parsing.

export interface Span {
  /** 0-based offsets into the query text: [offset, end). */
  readonly offset: number;
  readonly end: number;
}

export type LiteralType = 'null' | 'integer' | 'decimal' | 'boolean' | 'string' | 'time_span';

export interface Literal extends Span {
  readonly kind: 'literal';
  readonly type: LiteralType;
  /** `null`, a number, a boolean, a string; a time span is `{ amount, unit }`. */
  readonly value: null | number | boolean | string | { readonly amount: number; readonly unit: string };
  /** The number as written, so that large integers keep every digit. */
  readonly text?: string;
}

/** `[1, 2]`, `["a", "b"]`, `[true, false]`: a multi-valued constant. */
export interface ListLiteral extends Span {
  readonly kind: 'list';
  readonly items: readonly Literal[];
}

export interface Param extends Span {
  readonly kind: 'param';
  /** `` for `?`, a name for `?name`, a number as text for `?1`. */
  readonly name: string;
  /** `??name` stands for an identifier, not a value. */
  readonly identifier: boolean;
}

/** A field or column name: dotted parts, each unquoted or backquoted. */
export interface Column extends Span {
  readonly kind: 'column';
  readonly name: string;
  readonly parts: readonly string[];
}

export interface MapExpression extends Span {
  readonly kind: 'map';
  readonly entries: readonly { readonly key: string; readonly value: Literal | ListLiteral | Param | MapExpression }[];
}

export interface FunctionCall extends Span {
  readonly kind: 'function';
  /** Lower-cased, as Elasticsearch resolves function names case-insensitively. */
  readonly name: string;
  /** The name as written. */
  readonly written: string;
  readonly args: readonly Expression[];
  /** `COUNT(*)`. */
  readonly star: boolean;
  /** The sort of `FIRST(value BY sort)` and `LAST(value BY sort)`. */
  readonly by?: Expression;
  /** Named options after the arguments: `MATCH(f, "q", { "fuzziness": 1 })`. */
  readonly options?: MapExpression;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~';

export interface Unary extends Span {
  readonly kind: 'unary';
  readonly operator: '-' | '+' | 'not';
  readonly operand: Expression;
}

export interface Binary extends Span {
  readonly kind: 'binary';
  readonly operator: 'and' | 'or' | ComparisonOperator | ArithmeticOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export interface InList extends Span {
  readonly kind: 'in';
  readonly value: Expression;
  readonly list: readonly Expression[];
  readonly negated: boolean;
}

export interface IsNull extends Span {
  readonly kind: 'is-null';
  readonly value: Expression;
  readonly negated: boolean;
}

export interface Like extends Span {
  readonly kind: 'like';
  readonly operator: 'like' | 'rlike';
  readonly value: Expression;
  /** One pattern, or the list form `LIKE ("a*", "b*")`. */
  readonly patterns: readonly Literal[];
  readonly list: boolean;
  readonly negated: boolean;
}

/** `field : "query"` (and `field::type : "query"`), the match operator. */
export interface MatchOperator extends Span {
  readonly kind: 'match';
  readonly field: Column;
  readonly cast?: string;
  readonly query: Literal | ListLiteral | Param;
}

export interface Cast extends Span {
  readonly kind: 'cast';
  readonly value: Expression;
  /** The type as written after `::`, lower-cased. */
  readonly type: string;
}

export type Expression = Literal | ListLiteral | Param | Column | FunctionCall | Unary | Binary | InList | IsNull | Like | MatchOperator | Cast;

/** `name = expression` or a bare expression (named after its text by Elasticsearch). */
export interface Field extends Span {
  readonly name?: Column;
  readonly expression: Expression;
}

/** An aggregate of STATS, optionally filtered: `count(*) WHERE x > 1`. */
export interface AggregateField extends Field {
  readonly filter?: Expression;
}

export interface IndexPattern extends Span {
  readonly cluster?: string;
  readonly name: string;
  /** `logs::failures`. */
  readonly selector?: string;
  readonly quoted: boolean;
}

export interface Order extends Span {
  readonly expression: Expression;
  readonly direction?: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
}

/** A name pattern of KEEP, DROP, RENAME, ENRICH: `host.*`, `` `a b` ``. */
export interface NamePattern extends Span {
  readonly kind: 'pattern';
  readonly name: string;
}

interface CommandBase extends Span {
  /** The command word's span, for findings about the command itself. */
  readonly keyword: Span;
}

export type Command =
  | (CommandBase & { readonly kind: 'from' | 'ts'; readonly indices: readonly IndexPattern[]; readonly metadata: readonly NamePattern[] })
  | (CommandBase & { readonly kind: 'row'; readonly fields: readonly Field[] })
  | (CommandBase & { readonly kind: 'show' })
  | (CommandBase & { readonly kind: 'eval'; readonly fields: readonly Field[] })
  | (CommandBase & { readonly kind: 'where'; readonly condition: Expression })
  | (CommandBase & { readonly kind: 'keep' | 'drop'; readonly patterns: readonly NamePattern[] })
  | (CommandBase & { readonly kind: 'limit'; readonly count: Literal | Param })
  | (CommandBase & { readonly kind: 'stats' | 'inline_stats'; readonly aggregates: readonly AggregateField[]; readonly groupings: readonly Field[] })
  | (CommandBase & { readonly kind: 'sort'; readonly orders: readonly Order[] })
  | (CommandBase & { readonly kind: 'rename'; readonly renames: readonly { readonly from: NamePattern; readonly to: NamePattern }[] })
  | (CommandBase & { readonly kind: 'dissect'; readonly input: Expression; readonly pattern: Literal; readonly options: readonly { readonly name: string; readonly value: Literal | ListLiteral | Param }[] })
  | (CommandBase & { readonly kind: 'grok'; readonly input: Expression; readonly patterns: readonly Literal[] })
  | (CommandBase & { readonly kind: 'enrich'; readonly policy: string; readonly on?: NamePattern; readonly with: readonly { readonly name?: NamePattern; readonly field: NamePattern }[] })
  | (CommandBase & { readonly kind: 'mv_expand'; readonly field: Column })
  | (CommandBase & { readonly kind: 'lookup_join'; readonly index: IndexPattern; readonly on: readonly Expression[] })
  | (CommandBase & { readonly kind: 'change_point'; readonly value: Column; readonly key?: Column; readonly as?: readonly [Column, Column] })
  | (CommandBase & { readonly kind: 'completion'; readonly target?: Column; readonly prompt: Expression; readonly options?: MapExpression })
  | (CommandBase & { readonly kind: 'sample'; readonly probability: Literal | Param })
  | (CommandBase & { readonly kind: 'fork'; readonly branches: readonly (readonly Command[])[] })
  | (CommandBase & { readonly kind: 'rerank'; readonly target?: Column; readonly queryText: Literal | ListLiteral | Param; readonly on: readonly Field[]; readonly options?: MapExpression })
  | (CommandBase & { readonly kind: 'fuse'; readonly method?: string; readonly score?: Column; readonly key: readonly Column[]; readonly group?: Column; readonly options?: MapExpression });

export type CommandKind = Command['kind'];

/** `SET name = value;` before the query. */
export interface Setting extends Span {
  readonly name: string;
  readonly value: Literal | ListLiteral | Param | MapExpression;
}

export interface Query extends Span {
  readonly settings: readonly Setting[];
  readonly commands: readonly Command[];
}
