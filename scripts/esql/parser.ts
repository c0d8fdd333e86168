// Recursive-descent parser for ES|QL, following Elasticsearch's grammar (EsqlBaseParser.g4 with
// parser/Expression.g4 and parser/Join.g4): a source command, then `| processing command`s.
// Expression precedence is the grammar's, from loosest to tightest: OR, AND, NOT, the predicates
// (comparison, IN, IS NULL, LIKE/RLIKE, the `:` match operator), + and -, * / %, unary - and +,
// `::` casts. Like Elasticsearch, the parser stops at the first syntax error.
import type {
  AggregateField, Column, Command, Expression, Field, IndexPattern, ListLiteral, Literal, MapExpression,
  NamePattern, Order, Param, Query, Setting, Span,
} from './ast.js';
import { nearest } from '../report/suggest.js';
import { EsqlSyntaxError, Scanner, type Token } from './scanner.js';

export type ParseResult =
  | { readonly ok: true; readonly query: Query }
  | { readonly ok: false; readonly error: EsqlSyntaxError };

/** Source commands (sourceCommand in EsqlBaseParser.g4). */
export const sourceCommands = ['from', 'row', 'show', 'ts'] as const;
/** Processing commands (processingCommand), as their first word; `inline stats` and `lookup join` take two. */
export const processingCommands = [
  'change_point', 'completion', 'dissect', 'drop', 'enrich', 'eval', 'fork', 'fuse', 'grok', 'inline', 'inlinestats', 'keep',
  'limit', 'lookup', 'mv_expand', 'rename', 'rerank', 'sample', 'sort', 'stats', 'where',
] as const;

// Deep nesting is bounded so that hostile input ends in a finding, not a stack overflow.
const maxDepth = 200;

export function parseQuery(text: string): ParseResult {
  try {
    return { ok: true, query: new Parser(text).query() };
  } catch (error) {
    if (error instanceof EsqlSyntaxError) return { ok: false, error };
    throw error;
  }
}

type Mode = 'command' | 'expression' | 'source' | 'pattern' | 'policy';

const describe = (token: Token): string => (token.kind === 'eof' ? '<EOF>' : `'${token.text}'`);

class Parser {
  private readonly scanner: Scanner;
  private position = 0;
  private depth = 0;

  constructor(private readonly text: string) {
    this.scanner = new Scanner(text);
  }

  // Tokens are lexed on demand in the mode the grammar expects there; the parser asks for the
  // same token several times, so the last one of each mode is kept.
  private cachedMode: Mode | undefined;
  private cachedAt = -1;
  private cachedToken: Token | undefined;

  private peek(mode: Mode): Token {
    if (this.cachedAt === this.position && this.cachedMode === mode) return this.cachedToken as Token;
    const token = this.lex(mode);
    this.cachedMode = mode;
    this.cachedAt = this.position;
    this.cachedToken = token;
    return token;
  }

  private lex(mode: Mode): Token {
    switch (mode) {
      case 'command':
        return this.scanner.commandWord(this.position);
      case 'expression':
        return this.scanner.expression(this.position);
      case 'source':
        return this.scanner.source(this.position);
      case 'pattern':
        return this.scanner.pattern(this.position);
      case 'policy':
        return this.scanner.policy(this.position);
    }
  }

  private take(token: Token): Token {
    this.position = token.end;
    return token;
  }

  private fail(token: Token, expecting: string): never {
    throw new EsqlSyntaxError(`mismatched input ${describe(token)} expecting ${expecting}`, token.offset);
  }

  /** Takes the operator `value` in `mode`, or fails naming it. */
  private expectOperator(value: string, mode: Mode = 'expression'): Token {
    const token = this.peek(mode);
    if (token.kind !== 'operator' || token.value !== value) this.fail(token, `'${value}'`);
    return this.take(token);
  }

  private isOperator(value: string, mode: Mode = 'expression'): boolean {
    const token = this.peek(mode);
    return token.kind === 'operator' && token.value === value;
  }

  private takeOperator(value: string, mode: Mode = 'expression'): boolean {
    if (!this.isOperator(value, mode)) return false;
    this.take(this.peek(mode));
    return true;
  }

  /** A keyword of expression mode (`by`, `asc`, `nulls`, …) or a contextual word (`as`, `on`, `with`). */
  private isWord(value: string, mode: Mode = 'expression'): boolean {
    const token = this.peek(mode);
    if (token.kind === 'word') return token.value === value;
    return (token.kind === 'identifier' || token.kind === 'pattern' || token.kind === 'source') && token.text.toLowerCase() === value;
  }

  private takeWord(value: string, mode: Mode = 'expression'): Token | undefined {
    if (!this.isWord(value, mode)) return undefined;
    return this.take(this.peek(mode));
  }

  private expectWord(value: string, mode: Mode = 'expression'): Token {
    return this.takeWord(value, mode) ?? this.fail(this.peek(mode), `'${value}'`);
  }

  private span(start: number): Span {
    return { offset: start, end: this.position };
  }

  private nested<T>(at: number, parse: () => T): T {
    this.depth += 1;
    if (this.depth > maxDepth) throw new EsqlSyntaxError(`the query nests deeper than ${maxDepth} levels`, at);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  query(): Query {
    const start = this.scanner.skipTrivia(0);
    const settings: Setting[] = [];
    while (this.isWord('set', 'command')) settings.push(this.setting());
    const commands: Command[] = [this.sourceCommand()];
    while (this.takeOperator('|')) commands.push(this.processingCommand());
    const end = this.peek('expression');
    if (end.kind !== 'eof') this.fail(end, "{<EOF>, '|'}");
    return { settings, commands, offset: start, end: this.position };
  }

  private setting(): Setting {
    const start = this.take(this.peek('command')).offset;
    const name = this.identifier();
    this.expectOperator('=');
    const value = this.isOperator('{') ? this.map() : this.constant();
    this.expectOperator(';');
    return { name: name.name, value, ...this.span(start) };
  }

  private sourceCommand(): Command {
    const word = this.peek('command');
    if (word.kind === 'word' && (sourceCommands as readonly string[]).includes(word.value)) {
      this.take(word);
      const keyword = { offset: word.offset, end: word.end };
      switch (word.value) {
        case 'from':
        case 'ts': {
          const { indices, metadata } = this.indexPatternsAndMetadata();
          return { kind: word.value, keyword, indices, metadata, ...this.span(word.offset) };
        }
        case 'row':
          return { kind: 'row', keyword, fields: this.fields(), ...this.span(word.offset) };
        default:
          this.expectWord('info');
          return { kind: 'show', keyword, ...this.span(word.offset) };
      }
    }
    return this.fail(word, `a source command: ${sourceCommands.map((name) => `'${name}'`).join(', ')}`);
  }

  private processingCommand(): Command {
    const word = this.peek('command');
    const start = word.offset;
    const keyword = { offset: word.offset, end: word.end };
    if (word.kind !== 'word' || !(processingCommands as readonly string[]).includes(word.value)) {
      const names = processingCommands.filter((name) => name !== 'inlinestats').map((name) => name.replace('inline', 'inline stats').replace('lookup', 'lookup join'));
      const suggestion = word.kind === 'word' ? nearest(word.value, names) : undefined;
      throw new EsqlSyntaxError(`mismatched input ${describe(word)} expecting a processing command: ${names.join(', ')}`, word.offset, suggestion && `did you mean ${suggestion.toUpperCase()}?`);
    }
    this.take(word);
    switch (word.value) {
      case 'where':
        return { kind: 'where', keyword, condition: this.booleanExpression(), ...this.span(start) };
      case 'eval':
        return { kind: 'eval', keyword, fields: this.fields(), ...this.span(start) };
      case 'keep':
      case 'drop':
        return { kind: word.value, keyword, patterns: this.namePatterns(), ...this.span(start) };
      case 'limit':
        return { kind: 'limit', keyword, count: this.constantOrParam(), ...this.span(start) };
      case 'stats':
        return { kind: 'stats', keyword, ...this.statsBody(true), ...this.span(start) };
      case 'inline': {
        const stats = this.peek('command');
        if (stats.kind !== 'word' || stats.value !== 'stats') this.fail(stats, "'stats'");
        this.take(stats);
        return { kind: 'inline_stats', keyword: { offset: start, end: stats.end }, ...this.statsBody(false), ...this.span(start) };
      }
      case 'inlinestats':
        return { kind: 'inline_stats', keyword, ...this.statsBody(false), ...this.span(start) };
      case 'sort':
        return { kind: 'sort', keyword, orders: this.list(() => this.order()), ...this.span(start) };
      case 'rename':
        return { kind: 'rename', keyword, renames: this.list(() => this.renameClause()), ...this.span(start) };
      case 'dissect': {
        const input = this.primaryExpression();
        const pattern = this.string();
        const options: { name: string; value: Literal | ListLiteral | Param }[] = [];
        if (this.peek('expression').kind === 'identifier') {
          do {
            const name = this.identifier();
            this.expectOperator('=');
            options.push({ name: name.name, value: this.constant() });
          } while (this.takeOperator(','));
        }
        return { kind: 'dissect', keyword, input, pattern, options, ...this.span(start) };
      }
      case 'grok': {
        const input = this.primaryExpression();
        const patterns = [this.string()];
        while (this.takeOperator(',')) patterns.push(this.string());
        return { kind: 'grok', keyword, input, patterns, ...this.span(start) };
      }
      case 'enrich':
        return this.enrich(start, keyword);
      case 'mv_expand':
        return { kind: 'mv_expand', keyword, field: this.qualifiedName(), ...this.span(start) };
      case 'lookup': {
        const join = this.peek('command');
        if (join.kind !== 'word' || join.value !== 'join') this.fail(join, "'join'");
        this.take(join);
        const index = this.indexPattern();
        this.expectWord('on', 'pattern');
        const on = this.list(() => this.valueExpression());
        return { kind: 'lookup_join', keyword: { offset: start, end: join.end }, index, on, ...this.span(start) };
      }
      case 'change_point': {
        const value = this.qualifiedName();
        const key = this.takeWord('on') ? this.qualifiedName() : undefined;
        let as: readonly [Column, Column] | undefined;
        if (this.takeWord('as')) {
          const type = this.qualifiedName();
          this.expectOperator(',');
          as = [type, this.qualifiedName()];
        }
        return { kind: 'change_point', keyword, value, ...(key ? { key } : {}), ...(as ? { as } : {}), ...this.span(start) };
      }
      case 'completion': {
        const target = this.targetField();
        const prompt = this.primaryExpression();
        const options = this.namedParameters();
        return { kind: 'completion', keyword, ...(target ? { target } : {}), prompt, ...(options ? { options } : {}), ...this.span(start) };
      }
      case 'sample':
        return { kind: 'sample', keyword, probability: this.constantOrParam(), ...this.span(start) };
      case 'fork': {
        const branches: Command[][] = [];
        do {
          this.expectOperator('(');
          const branch = [this.processingCommand()];
          while (this.takeOperator('|')) branch.push(this.processingCommand());
          this.expectOperator(')');
          branches.push(branch);
        } while (this.isOperator('('));
        return { kind: 'fork', keyword, branches, ...this.span(start) };
      }
      case 'rerank': {
        const target = this.targetField();
        const queryText = this.constant();
        this.expectWord('on');
        const on = this.list(() => {
          const fieldStart = this.peek('expression').offset;
          const name = this.qualifiedName();
          const expression = this.takeOperator('=') ? this.booleanExpression() : name;
          return { name, expression, ...this.span(fieldStart) } as Field;
        });
        const options = this.namedParameters();
        return { kind: 'rerank', keyword, ...(target ? { target } : {}), queryText, on, ...(options ? { options } : {}), ...this.span(start) };
      }
      default:
        return this.fuse(start, keyword);
    }
  }

  private fuse(start: number, keyword: Span): Command {
    const token = this.peek('expression');
    const method = token.kind === 'identifier' && !['score', 'key', 'group', 'with'].includes(token.value.toLowerCase()) ? this.take(token).value : undefined;
    let score: Column | undefined;
    let group: Column | undefined;
    let key: Column[] = [];
    let options: MapExpression | undefined;
    for (;;) {
      if (this.takeWord('score')) {
        this.expectWord('by');
        score = this.qualifiedName();
      } else if (this.takeWord('key')) {
        this.expectWord('by');
        key = this.list(() => this.qualifiedName());
      } else if (this.takeWord('group')) {
        this.expectWord('by');
        group = this.qualifiedName();
      } else if (this.takeWord('with')) {
        options = this.map();
      } else break;
    }
    return { kind: 'fuse', keyword, ...(method ? { method } : {}), ...(score ? { score } : {}), key, ...(group ? { group } : {}), ...(options ? { options } : {}), ...this.span(start) };
  }

  /** `target =` before COMPLETION's prompt or RERANK's query, when there is one. */
  private targetField(): Column | undefined {
    const save = this.position;
    const token = this.peek('expression');
    if (token.kind !== 'identifier' && token.kind !== 'quoted-identifier') return undefined;
    const name = this.qualifiedName();
    if (this.takeOperator('=')) return name;
    this.position = save;
    return undefined;
  }

  private namedParameters(): MapExpression | undefined {
    return this.takeWord('with') ? this.map() : undefined;
  }

  private enrich(start: number, keyword: Span): Command {
    const policy = this.peek('policy');
    if (policy.kind !== 'source' && policy.kind !== 'string') this.fail(policy, 'an enrich policy name');
    this.take(policy);
    const on = this.takeWord('on', 'pattern') ? this.namePattern() : undefined;
    const withClauses: { name?: NamePattern; field: NamePattern }[] = [];
    if (this.takeWord('with', 'pattern')) {
      do {
        const first = this.namePattern();
        if (this.takeOperator('=', 'pattern')) withClauses.push({ name: first, field: this.namePattern() });
        else withClauses.push({ field: first });
      } while (this.takeOperator(',', 'pattern'));
    }
    return { kind: 'enrich', keyword, policy: policy.value, ...(on ? { on } : {}), with: withClauses, ...this.span(start) };
  }

  private statsBody(optionalAggregates: boolean): { aggregates: AggregateField[]; groupings: Field[] } {
    let aggregates: AggregateField[] = [];
    const next = this.peek('expression');
    const atEnd = next.kind === 'eof' || (next.kind === 'operator' && (next.value === '|' || next.value === ')'));
    if (!(next.kind === 'word' && next.value === 'by') && !(optionalAggregates && atEnd)) {
      aggregates = this.list(() => {
        const field = this.field();
        return this.takeWord('where') ? { ...field, filter: this.booleanExpression(), ...this.span(field.offset) } : field;
      });
    }
    const groupings = this.takeWord('by') ? this.fields() : [];
    return { aggregates, groupings };
  }

  private indexPatternsAndMetadata(): { indices: IndexPattern[]; metadata: NamePattern[] } {
    const indices = [this.indexPattern()];
    while (this.takeOperator(',', 'source')) indices.push(this.indexPattern());
    const metadata: NamePattern[] = [];
    const word = this.peek('source');
    if (word.kind === 'word' && word.value === 'metadata') {
      this.take(word);
      do {
        const field = this.peek('source');
        if (field.kind !== 'source') this.fail(field, 'a metadata field such as _id, _index, _version');
        this.take(field);
        metadata.push({ kind: 'pattern', name: field.text, offset: field.offset, end: field.end });
      } while (this.takeOperator(',', 'source'));
    }
    return { indices, metadata };
  }

  private indexPattern(): IndexPattern {
    const first = this.peek('source');
    if (first.kind === 'string') {
      this.take(first);
      return { name: first.value, quoted: true, offset: first.offset, end: first.end };
    }
    if (first.kind !== 'source') this.fail(first, '{QUOTED_STRING, UNQUOTED_SOURCE}');
    this.take(first);
    if (this.takeOperator(':', 'source')) {
      const name = this.peek('source');
      if (name.kind !== 'source') this.fail(name, 'UNQUOTED_SOURCE');
      this.take(name);
      return { cluster: first.text, name: name.text, quoted: false, ...this.span(first.offset) };
    }
    if (this.takeOperator('::', 'source')) {
      const selector = this.peek('source');
      if (selector.kind !== 'source') this.fail(selector, 'a selector such as data or failures');
      this.take(selector);
      return { name: first.text, selector: selector.text, quoted: false, ...this.span(first.offset) };
    }
    return { name: first.text, quoted: false, offset: first.offset, end: first.end };
  }

  private namePatterns(): NamePattern[] {
    const patterns = [this.namePattern()];
    while (this.takeOperator(',', 'pattern')) patterns.push(this.namePattern());
    return patterns;
  }

  /** `host.*`, `` `a.b`.c ``: pattern parts joined by dots. */
  private namePattern(): NamePattern {
    const first = this.peek('pattern');
    if (first.kind !== 'pattern' && first.kind !== 'param') this.fail(first, 'ID_PATTERN');
    this.take(first);
    let name = first.kind === 'param' ? first.text : first.value;
    while (this.isOperator('.', 'pattern')) {
      this.take(this.peek('pattern'));
      const part = this.peek('pattern');
      if (part.kind !== 'pattern' && part.kind !== 'param') this.fail(part, 'ID_PATTERN');
      this.take(part);
      name += `.${part.kind === 'param' ? part.text : part.value}`;
    }
    return { kind: 'pattern', name, ...this.span(first.offset) };
  }

  private renameClause(): { from: NamePattern; to: NamePattern } {
    const first = this.namePattern();
    if (this.takeWord('as', 'pattern')) return { from: first, to: this.namePattern() };
    if (this.takeOperator('=', 'pattern')) return { from: this.namePattern(), to: first };
    return this.fail(this.peek('pattern'), "{'as', '='}");
  }

  private order(): Order {
    const expression = this.booleanExpression();
    const direction = this.takeWord('asc') ? 'asc' : this.takeWord('desc') ? 'desc' : undefined;
    let nulls: 'first' | 'last' | undefined;
    if (this.takeWord('nulls')) {
      nulls = this.takeWord('first') ? 'first' : this.takeWord('last') ? 'last' : this.fail(this.peek('expression'), "{'first', 'last'}");
    }
    return { expression, ...(direction ? { direction } : {}), ...(nulls ? { nulls } : {}), ...this.span(expression.offset) };
  }

  private list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.takeOperator(',')) items.push(item());
    return items;
  }

  private fields(): Field[] {
    return this.list(() => this.field());
  }

  /** `name = expression` or an expression; a name is tried first and given back if no `=` follows. */
  private field(): Field {
    const start = this.peek('expression').offset;
    const token = this.peek('expression');
    if (token.kind === 'identifier' || token.kind === 'quoted-identifier' || token.kind === 'param') {
      const save = this.position;
      try {
        const name = this.qualifiedName();
        if (this.isOperator('=')) {
          this.take(this.peek('expression'));
          return { name, expression: this.booleanExpression(), ...this.span(start) };
        }
      } catch (error) {
        if (!(error instanceof EsqlSyntaxError)) throw error;
      }
      this.position = save;
    }
    return { expression: this.booleanExpression(), ...this.span(start) };
  }

  booleanExpression(): Expression {
    return this.nested(this.position, () => this.or());
  }

  private or(): Expression {
    let left = this.and();
    while (this.takeWord('or')) {
      const right = this.and();
      left = { kind: 'binary', operator: 'or', left, right, offset: left.offset, end: right.end };
    }
    return left;
  }

  private and(): Expression {
    let left = this.not();
    while (this.takeWord('and')) {
      const right = this.not();
      left = { kind: 'binary', operator: 'and', left, right, offset: left.offset, end: right.end };
    }
    return left;
  }

  private not(): Expression {
    const token = this.peek('expression');
    if (token.kind === 'word' && token.value === 'not') {
      this.take(token);
      const operand = this.nested(token.offset, () => this.not());
      return { kind: 'unary', operator: 'not', operand, offset: token.offset, end: operand.end };
    }
    return this.predicate();
  }

  private predicate(): Expression {
    const match = this.matchOperator();
    if (match) return match;
    const value = this.valueExpression();
    const start = value.offset;
    const negated = Boolean(this.takeWord('not'));
    if (this.takeWord('in')) {
      this.expectOperator('(');
      const list = this.list(() => this.valueExpression());
      this.expectOperator(')');
      return { kind: 'in', value, list, negated, ...this.span(start) };
    }
    for (const operator of ['like', 'rlike'] as const) {
      if (this.takeWord(operator)) {
        if (this.takeOperator('(')) {
          const patterns = this.list(() => this.string());
          this.expectOperator(')');
          return { kind: 'like', operator, value, patterns, list: true, negated, ...this.span(start) };
        }
        return { kind: 'like', operator, value, patterns: [this.string()], list: false, negated, ...this.span(start) };
      }
    }
    if (negated) return this.fail(this.peek('expression'), "{'in', 'like', 'rlike'}");
    if (this.takeWord('is')) {
      const isNot = Boolean(this.takeWord('not'));
      this.expectWord('null');
      return { kind: 'is-null', value, negated: isNot, ...this.span(start) };
    }
    return value;
  }

  /** `field : "query"` or `field::type : "query"`, tried before a value expression. */
  private matchOperator(): Expression | undefined {
    const token = this.peek('expression');
    if (token.kind !== 'identifier' && token.kind !== 'quoted-identifier') return undefined;
    const save = this.position;
    try {
      const field = this.qualifiedName();
      let cast: string | undefined;
      if (this.takeOperator('::')) cast = this.identifier().name.toLowerCase();
      if (this.takeOperator(':')) {
        const query = this.constant();
        return { kind: 'match', field, ...(cast ? { cast } : {}), query, offset: field.offset, end: this.position };
      }
    } catch (error) {
      if (!(error instanceof EsqlSyntaxError)) throw error;
    }
    this.position = save;
    return undefined;
  }

  private valueExpression(): Expression {
    const left = this.additive();
    const token = this.peek('expression');
    if (token.kind === 'operator' && ['==', '!=', '<', '<=', '>', '>=', '=~'].includes(token.value)) {
      this.take(token);
      const right = this.additive();
      return { kind: 'binary', operator: token.value as '==', left, right, offset: left.offset, end: right.end };
    }
    return left;
  }

  private additive(): Expression {
    let left = this.multiplicative();
    for (;;) {
      const token = this.peek('expression');
      if (token.kind !== 'operator' || (token.value !== '+' && token.value !== '-')) return left;
      this.take(token);
      const right = this.multiplicative();
      left = { kind: 'binary', operator: token.value, left, right, offset: left.offset, end: right.end };
    }
  }

  private multiplicative(): Expression {
    let left = this.unary();
    for (;;) {
      const token = this.peek('expression');
      if (token.kind !== 'operator' || (token.value !== '*' && token.value !== '/' && token.value !== '%')) return left;
      this.take(token);
      const right = this.unary();
      left = { kind: 'binary', operator: token.value, left, right, offset: left.offset, end: right.end };
    }
  }

  private unary(): Expression {
    const token = this.peek('expression');
    if (token.kind === 'operator' && (token.value === '-' || token.value === '+')) {
      this.take(token);
      const operand = this.nested(token.offset, () => this.unary());
      // A signed number is one constant in the grammar (integerValue, decimalValue).
      if (operand.kind === 'literal' && (operand.type === 'integer' || operand.type === 'decimal') && operand.offset === this.scanner.skipTrivia(token.end)) {
        const value = token.value === '-' ? -(operand.value as number) : (operand.value as number);
        return { ...operand, value, text: `${token.value === '-' ? '-' : ''}${operand.text}`, offset: token.offset };
      }
      return { kind: 'unary', operator: token.value, operand, offset: token.offset, end: operand.end };
    }
    return this.primaryExpression();
  }

  private primaryExpression(): Expression {
    let expression = this.primary();
    while (this.takeOperator('::')) {
      const type = this.identifier();
      expression = { kind: 'cast', value: expression, type: type.name.toLowerCase(), offset: expression.offset, end: type.end };
    }
    return expression;
  }

  private primary(): Expression {
    const token = this.peek('expression');
    if (token.kind === 'operator' && token.value === '(') {
      this.take(token);
      const inner = this.nested(token.offset, () => this.or());
      this.expectOperator(')');
      return inner;
    }
    if ((token.kind === 'identifier' || token.kind === 'quoted-identifier' || token.kind === 'param') && this.followedByParenthesis(token)) {
      return this.functionCall(token);
    }
    if (token.kind === 'word' && (token.value === 'first' || token.value === 'last') && this.followedByParenthesis(token)) {
      return this.functionCall(token);
    }
    if (token.kind === 'identifier' || token.kind === 'quoted-identifier') return this.qualifiedName();
    if (token.kind === 'param' && this.isParameterName(token)) return this.qualifiedName();
    return this.constant();
  }

  private isParameterName(token: Token): boolean {
    return token.text.startsWith('??');
  }

  private followedByParenthesis(token: Token): boolean {
    const next = this.scanner.expression(token.end);
    return next.kind === 'operator' && next.value === '(';
  }

  private functionCall(name: Token): Expression {
    this.take(name);
    this.expectOperator('(');
    const args: Expression[] = [];
    let star = false;
    let options: MapExpression | undefined;
    let by: Expression | undefined;
    if (this.takeOperator('*')) star = true;
    else if (!this.isOperator(')')) {
      args.push(this.booleanExpression());
      // FIRST(value BY sort) and LAST(value BY sort) (functionFirstLast); elsewhere `by` cannot follow.
      if ((name.value === 'first' || name.value === 'last') && this.takeWord('by')) by = this.booleanExpression();
      else while (this.takeOperator(',')) {
        if (this.isOperator('{')) {
          options = this.map();
          break;
        }
        args.push(this.booleanExpression());
      }
    }
    this.expectOperator(')');
    return { kind: 'function', name: name.value.toLowerCase(), written: name.text, args, star, ...(by ? { by } : {}), ...(options ? { options } : {}), ...this.span(name.offset) };
  }

  private map(): MapExpression {
    const open = this.expectOperator('{');
    const entries: { key: string; value: Literal | ListLiteral | Param | MapExpression }[] = [];
    if (!this.isOperator('}')) {
      do {
        const key = this.string();
        this.expectOperator(':');
        entries.push({ key: key.value as string, value: this.isOperator('{') ? this.map() : this.constant() });
      } while (this.takeOperator(','));
    }
    this.expectOperator('}');
    return { kind: 'map', entries, ...this.span(open.offset) };
  }

  qualifiedName(): Column {
    const first = this.identifier();
    const parts = [first.name];
    while (this.isOperator('.')) {
      this.take(this.peek('expression'));
      parts.push(this.identifier().name);
    }
    return { kind: 'column', name: parts.join('.'), parts, ...this.span(first.offset) };
  }

  private identifier(): { name: string; offset: number; end: number } {
    const token = this.peek('expression');
    if (token.kind === 'identifier' || token.kind === 'quoted-identifier' || token.kind === 'param') {
      this.take(token);
      return { name: token.kind === 'param' ? token.text : token.value, offset: token.offset, end: token.end };
    }
    return this.fail(token, '{UNQUOTED_IDENTIFIER, QUOTED_IDENTIFIER}');
  }

  private string(): Literal {
    const token = this.peek('expression');
    if (token.kind !== 'string') this.fail(token, 'QUOTED_STRING');
    this.take(token);
    return { kind: 'literal', type: 'string', value: token.value, offset: token.offset, end: token.end };
  }

  private constantOrParam(): Literal | Param {
    const constant = this.constant();
    if (constant.kind === 'list') return this.fail(this.scanner.expression(constant.offset), 'a single constant');
    return constant;
  }

  /** A constant of the grammar: null, numbers (signed), time spans, booleans, strings, parameters, lists. */
  private constant(): Literal | ListLiteral | Param {
    const token = this.peek('expression');
    const start = token.offset;
    if (token.kind === 'operator' && token.value === '[') {
      this.take(token);
      const items: Literal[] = [];
      if (!this.isOperator(']')) {
        do items.push(this.scalarConstant(true));
        while (this.takeOperator(','));
      }
      this.expectOperator(']');
      const kinds = new Set(items.map((item) => (item.type === 'decimal' ? 'integer' : item.type)));
      if (kinds.size > 1) throw new EsqlSyntaxError('a list constant holds values of one kind: numbers, strings or booleans', start);
      return { kind: 'list', items, ...this.span(start) };
    }
    if (token.kind === 'param') {
      this.take(token);
      return { kind: 'param', name: token.value, identifier: token.text.startsWith('??'), offset: token.offset, end: token.end };
    }
    return this.scalarConstant(false);
  }

  private scalarConstant(inList: boolean): Literal {
    let token = this.peek('expression');
    const start = token.offset;
    let sign = '';
    if (token.kind === 'operator' && (token.value === '-' || token.value === '+')) {
      this.take(token);
      sign = token.value === '-' ? '-' : '';
      token = this.peek('expression');
      if (token.kind !== 'integer' && token.kind !== 'decimal') this.fail(token, '{INTEGER_LITERAL, DECIMAL_LITERAL}');
    }
    if (token.kind === 'integer' || token.kind === 'decimal') {
      this.take(token);
      const text = sign + token.text;
      const value = Number(text);
      if (token.kind === 'integer' && !inList) {
        const unit = this.peek('expression');
        if (unit.kind === 'identifier') {
          this.take(unit);
          return { kind: 'literal', type: 'time_span', value: { amount: value, unit: unit.value.toLowerCase() }, text: `${text} ${unit.value}`, ...this.span(start) };
        }
      }
      return { kind: 'literal', type: token.kind, value, text, ...this.span(start) };
    }
    if (token.kind === 'string') return this.string();
    if (token.kind === 'word' && (token.value === 'true' || token.value === 'false')) {
      this.take(token);
      return { kind: 'literal', type: 'boolean', value: token.value === 'true', offset: token.offset, end: token.end };
    }
    if (!inList && token.kind === 'word' && token.value === 'null') {
      this.take(token);
      return { kind: 'literal', type: 'null', value: null, offset: token.offset, end: token.end };
    }
    return this.fail(token, inList ? 'a number, string or boolean' : "{QUOTED_STRING, INTEGER_LITERAL, DECIMAL_LITERAL, 'false', 'null', '?', 'true', '[', UNQUOTED_IDENTIFIER, QUOTED_IDENTIFIER}");
  }
}
