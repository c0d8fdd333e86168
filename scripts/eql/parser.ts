// Recursive-descent parser for Elasticsearch EQL, following EqlBase.g4: `:`/like/regex/in bind
// to a primary operand (`a + b : "x"` is `a + (b : "x")`), a comparison is not associative, and
// `not` binds tighter than `and`/`or`. Syntax errors are returned as data, never thrown out.
import type {
  Duration,
  EventFilter,
  Expr,
  Field,
  FunctionCall,
  Literal,
  Pipe,
  Query,
  SampleQuery,
  SampleStep,
  SequenceQuery,
  SequenceStep,
  Span,
  TimeUnit,
} from './ast.js';
import { describeArity, functionNames, lookupFunction } from './functions.js';
import { keywords, lex, type Token } from './lexer.js';
import { problemAt, type EqlProblem } from './problem.js';
import { nearest } from '../report/suggest.js';

export type ParseResult = { ok: true; query: Query } | { ok: false; errors: EqlProblem[] };

export function parseQuery(text: string): ParseResult {
  const { tokens, problems: lexProblems } = lex(text);
  const parser = new Parser(text, tokens);
  const query = parser.parseStatement();
  // A parse error after a bad token is usually the bad token's echo: report the first cause only.
  const firstLexOffset = lexProblems[0]?.offset ?? Infinity;
  const errors = [...lexProblems, ...parser.problems.filter((problem) => problem.offset < firstLexOffset)];
  if (errors.length > 0 || query === undefined) {
    errors.sort((a, b) => a.offset - b.offset);
    return { ok: false, errors };
  }
  return { ok: true, query };
}

/** Thrown inside the parser to unwind to the nearest recovery point; never escapes parseQuery. */
class SyntaxFailure extends Error {}

const comparisonOperators: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const matchOperators: ReadonlySet<string> = new Set([':', 'like', 'like~', 'regex', 'regex~']);
const timeUnits: ReadonlySet<string> = new Set(['ms', 's', 'm', 'h', 'd']);
const unitMillis: Readonly<Record<TimeUnit, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const unsupportedPipes: ReadonlySet<string> = new Set(['unique', 'unique_count', 'count', 'filter', 'sort', 'window']);
const maxDepth = 200;
// Operator chains build left-deep trees; a cap keeps every recursive consumer of the tree
// (checker, formatter, engine) well clear of the stack limit.
const maxBinaryOperators = 2000;
const maxSampleFilters = 5;
const maxRuns = 100;

class Parser {
  readonly problems: EqlProblem[] = [];
  private index = 0;
  private depth = 0;
  private binaryOperators = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  // ---- token stream

  private peek(ahead = 0): Token {
    const tokens = this.tokens;
    return tokens[Math.min(this.index + ahead, tokens.length - 1)] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isOperator(value: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'operator' && token.value === value;
  }

  private isKeyword(value: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'keyword' && token.value === value;
  }

  private expectOperator(value: string): Token {
    if (this.isOperator(value)) return this.advance();
    return this.mismatch(`'${value}'`);
  }

  private expectKeyword(value: string): Token {
    if (this.isKeyword(value)) return this.advance();
    return this.mismatch(`'${value}'`);
  }

  // ---- errors

  /** Records a problem and goes on: for what Elasticsearch rejects in a query that is well formed. */
  private report(at: Span | Token, message: string, hint?: string): void {
    this.problems.push(problemAt('eql.syntax', this.text, at, message, hint));
  }

  /** Records a problem and unwinds to the nearest recovery point. */
  private fail(token: Token, message: string, hint?: string): never {
    this.report(token, message, hint);
    throw new SyntaxFailure(message);
  }

  private mismatch(expected: string): never {
    const token = this.peek();
    const shown = token.kind === 'eof' ? '<EOF>' : token.text;
    let hint: string | undefined;
    if (token.kind === 'identifier' && keywords.has(token.value.toLowerCase())) {
      hint = `EQL keywords are lowercase: write '${token.value.toLowerCase()}'`;
    } else if (token.kind === 'operator' && token.value === '=') {
      hint = 'Elasticsearch EQL does not support [=]; compare with [==]';
    }
    return this.fail(token, `mismatched input '${shown}' expecting ${expected}`, hint);
  }

  // ---- spans

  private spanOf(start: Token, end: Token): Span {
    return { offset: start.offset, end: end.end, line: start.line, column: start.column };
  }

  private spanFrom(start: Span, endOffset: number): Span {
    return { offset: start.offset, end: endOffset, line: start.line, column: start.column };
  }

  private previousEnd(): number {
    return (this.tokens[this.index - 1] ?? this.peek()).end;
  }

  // ---- statements

  parseStatement(): Query | undefined {
    try {
      const query = this.parseQueryBody();
      if (this.peek().kind !== 'eof') {
        this.mismatch(query.kind === 'event' ? "'and', 'or', '|' or <EOF>" : query.kind === 'sequence' ? "'[', 'until', '|' or <EOF>" : "'[', '|' or <EOF>");
      }
      return query;
    } catch (error) {
      if (error instanceof SyntaxFailure) return undefined;
      throw error;
    }
  }

  private parseQueryBody(): Query {
    const start = this.peek();
    if (this.isKeyword('sequence')) return this.parseSequence();
    if (this.isKeyword('sample')) return this.parseSample();
    if (this.isKeyword('join')) {
      this.fail(start, 'Queries using [join] are not supported by Elasticsearch EQL', 'use a sequence');
    }
    const filter = this.parseEventFilter();
    const pipes = this.parsePipes();
    return { kind: 'event', filter, pipes, span: this.spanFrom(filter.span, this.previousEnd()) };
  }

  private parseEventFilter(): EventFilter {
    const start = this.peek();
    let category: string | null;
    if (this.isKeyword('any')) {
      this.advance();
      category = null;
    } else if (start.kind === 'identifier' || start.kind === 'string') {
      this.advance();
      category = start.value;
    } else {
      this.mismatch("an event category, 'any' or 'sequence'");
    }
    this.expectKeyword('where');
    const condition = this.parseExpression();
    return { kind: 'filter', category, condition, span: this.spanOf(start, this.tokens[this.index - 1] as Token) };
  }

  private parsePipes(): Pipe[] {
    const pipes: Pipe[] = [];
    while (this.isOperator('|')) {
      const bar = this.advance();
      const name = this.peek();
      if (name.kind !== 'identifier' && name.kind !== 'keyword') this.mismatch("'head' or 'tail'");
      this.advance();
      if (name.value !== 'head' && name.value !== 'tail') {
        const why = unsupportedPipes.has(name.value) ? ' by Elasticsearch EQL' : '';
        this.fail(name, `Pipe [${name.value}] is not supported${why}`, 'Elasticsearch EQL supports only | head N and | tail N');
      }
      const count = this.peek();
      if (count.kind !== 'integer') {
        if (this.isOperator('-') || count.kind === 'decimal') {
          this.fail(count, `Pipe [${name.value}] expects a positive integer`);
        }
        this.fail(count, `Pipe [${name.value}] expects exactly one argument, a positive integer`);
      }
      this.advance();
      pipes.push({ kind: name.value === 'head' ? 'head' : 'tail', count: Number(count.value), span: this.spanOf(bar, count) });
    }
    return pipes;
  }

  // ---- sequence and sample

  private parseSequence(): SequenceQuery {
    const start = this.advance();
    let by: Expr[] = [];
    let maxspan: Duration | null = null;
    if (this.isKeyword('by')) {
      by = this.parseJoinKeys();
      if (this.isKeyword('with')) maxspan = this.parseMaxspan();
    } else if (this.isKeyword('with')) {
      maxspan = this.parseMaxspan();
      if (this.isKeyword('by')) {
        this.fail(this.peek(), 'Please specify sequence [by] before [with] not after', 'write sequence by <keys> with maxspan=<duration>');
      }
    }
    const steps: SequenceStep[] = [];
    let stepCount = 0;
    while (this.isOperator('[') || this.isOperator('![')) {
      stepCount++;
      const step = this.recovering(() => this.parseSequenceStep());
      if (step) steps.push(step);
    }
    if (stepCount === 0) this.mismatch("'[' to start the first sequence step");
    let until: SequenceStep | null = null;
    if (this.isKeyword('until')) {
      this.advance();
      if (!this.isOperator('[') && !this.isOperator('![')) this.mismatch("'['");
      until = this.recovering(() => this.parseSequenceStep()) ?? null;
    }
    const pipes = this.parsePipes();
    const sequence: SequenceQuery = { kind: 'sequence', by, maxspan, steps, until, pipes, span: this.spanFrom(this.spanOf(start, start), this.previousEnd()) };
    // A step that failed to parse was reported already; count only when every step parsed.
    if (steps.length === stepCount) this.checkSequence(sequence);
    else this.checkSequenceSteps(sequence);
    return sequence;
  }

  /** What Elasticsearch rejects in a well-formed sequence: too few queries, and what checkSequenceSteps finds. */
  private checkSequence(sequence: SequenceQuery): void {
    // Elasticsearch expands `with runs=N` into N queries before it counts them, so one step with
    // runs >= 2 is a whole sequence (LogicalPlanBuilder.visitSequence; `until` is not counted).
    const expanded = sequence.steps.reduce((count, step) => count + (step.runs ?? 1), 0);
    const runsInRange = sequence.steps.every((step) => step.runs === null || (step.runs >= 1 && step.runs <= maxRuns));
    if (expanded < 2 && runsInRange) {
      const only = sequence.steps[0];
      this.report(only?.span ?? sequence.span, `A sequence requires a minimum of 2 queries, found [${expanded}]`, 'add a second [ … ] step, or repeat the step with `with runs=N` (N >= 2)');
    }
    this.checkSequenceSteps(sequence);
  }

  /** Uneven join keys, runs out of range, missing events without maxspan. */
  private checkSequenceSteps(sequence: SequenceQuery): void {
    const stepsAndUntil = sequence.until ? [...sequence.steps, sequence.until] : sequence.steps;
    this.checkJoinKeys(stepsAndUntil, sequence.by.length);
    for (const step of stepsAndUntil) {
      if (step.runs !== null && (step.runs < 1 || step.runs > maxRuns)) {
        this.report(step.span, `The value of runs must be between 1 and ${maxRuns}, found [${step.runs}]`);
      }
    }
    const missing = sequence.steps.find((step) => step.missing);
    if (missing && sequence.maxspan === null) {
      this.report(missing.span, 'A sequence with missing events ![…] requires maxspan', 'add with maxspan=<duration> after sequence [by …]');
    }
  }

  private checkJoinKeys(steps: readonly (SequenceStep | SampleStep)[], shared: number): void {
    const expected = steps[0]?.by.length ?? 0;
    for (const step of steps) {
      if (step.by.length === expected) continue;
      const message = `Inconsistent number of join keys specified; expected [${expected + shared}] but found [${step.by.length + shared}]`;
      this.report(step.span, message, 'give every step the same number of by keys');
    }
  }

  /**
   * Runs `parse`; on a syntax error inside a bracketed step, records it, skips past the step's
   * closing `]` and its keys, and returns undefined, so one query can report errors in several steps.
   */
  private recovering<T>(parse: () => T): T | undefined {
    const startIndex = this.index;
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof SyntaxFailure)) throw error;
      this.index = startIndex;
      let depth = 0;
      while (true) {
        const token = this.advance();
        if (token.kind === 'eof') throw error;
        if (token.kind !== 'operator') continue;
        if (token.value === '[' || token.value === '![') depth++;
        else if (token.value === ']' && --depth === 0) break;
      }
      const isNextPart = (): boolean =>
        this.isOperator('[') || this.isOperator('![') || this.isOperator('|') || this.isKeyword('until') || this.peek().kind === 'eof';
      while (!isNextPart()) this.advance();
      return undefined;
    }
  }

  private parseMaxspan(): Duration {
    this.expectKeyword('with');
    this.expectKeyword('maxspan');
    if (this.isOperator('==')) this.fail(this.peek(), "mismatched input '==' expecting '='", 'write maxspan=<duration>, e.g. maxspan=5m');
    this.expectOperator('=');
    const number = this.peek();
    if (number.kind === 'decimal') this.fail(number, `Decimal time values are not supported, found [${number.text}]`, 'use a whole number with a smaller unit, e.g. 90s');
    if (number.kind !== 'integer') this.mismatch('a duration such as 5m');
    this.advance();
    const unit = this.peek();
    if (unit.kind !== 'identifier') {
      this.fail(number, `No time unit specified for maxspan [${number.text}]`, 'add a unit: ms, s, m, h or d (e.g. maxspan=5m)');
    }
    if (!timeUnits.has(unit.value)) {
      this.fail(unit, `Unrecognized time unit [${unit.value}] in [${number.text}${unit.value}]`, 'use one of ms, s, m, h, d');
    }
    this.advance();
    const value = Number(number.value);
    const timeUnit = unit.value as TimeUnit;
    return { value, unit: timeUnit, millis: value * unitMillis[timeUnit], span: this.spanOf(number, unit) };
  }

  private parseJoinKeys(): Expr[] {
    this.expectKeyword('by');
    const keys = [this.parseExpression()];
    while (this.isOperator(',')) {
      this.advance();
      keys.push(this.parseExpression());
    }
    return keys;
  }

  private parseBracketedFilter(): { filter: EventFilter; start: Token; missing: boolean } {
    const start = this.advance();
    const filter = this.parseEventFilter();
    this.expectOperator(']');
    return { filter, start, missing: start.value === '![' };
  }

  private parseSequenceStep(): SequenceStep {
    const { filter, start, missing } = this.parseBracketedFilter();
    const by = this.isKeyword('by') ? this.parseJoinKeys() : [];
    let runs: number | null = null;
    if (this.isKeyword('with')) {
      this.advance();
      const key = this.peek();
      if (key.kind !== 'identifier') this.mismatch("'runs'");
      if (key.value !== 'runs') this.fail(key, `Unrecognized sequence step parameter [${key.value}]`, 'a step takes only with runs=N');
      this.advance();
      this.expectOperator('=');
      const value = this.peek();
      if (value.kind !== 'integer') this.mismatch('an integer number of runs');
      this.advance();
      runs = Number(value.value);
    }
    return { kind: 'step', filter, by, runs, missing, span: this.spanFrom(this.spanOf(start, start), this.previousEnd()) };
  }

  private parseSample(): SampleQuery {
    const start = this.advance();
    const by = this.isKeyword('by') ? this.parseJoinKeys() : [];
    const steps: SampleStep[] = [];
    let stepCount = 0;
    while (this.isOperator('[') || this.isOperator('![')) {
      if (this.isOperator('![')) this.fail(this.peek(), 'Missing events ![…] are supported only in sequences', 'remove the !');
      stepCount++;
      const step = this.recovering((): SampleStep => {
        const { filter, start: open } = this.parseBracketedFilter();
        const keys = this.isKeyword('by') ? this.parseJoinKeys() : [];
        return { kind: 'sample-step', filter, by: keys, span: this.spanFrom(this.spanOf(open, open), this.previousEnd()) };
      });
      if (step) steps.push(step);
    }
    if (stepCount < 2) this.mismatch("'[' (a sample needs at least 2 filters)");
    if (stepCount > maxSampleFilters) {
      this.fail(start, `A sample must have at most ${maxSampleFilters} filters, found [${stepCount}]`);
    }
    this.checkJoinKeys(steps, by.length);
    const pipes = this.parsePipes();
    return { kind: 'sample', by, steps, pipes, span: this.spanFrom(this.spanOf(start, start), this.previousEnd()) };
  }

  // ---- expressions, lowest precedence first

  private parseExpression(): Expr {
    if (++this.depth > maxDepth) this.fail(this.peek(), `expression nested too deeply (more than ${maxDepth} levels)`);
    try {
      return this.parseOr();
    } finally {
      this.depth--;
    }
  }

  private countBinaryOperator(operator: Token): void {
    if (++this.binaryOperators > maxBinaryOperators) {
      this.fail(operator, `Query too large: more than ${maxBinaryOperators} and/or/arithmetic operators`, 'use in (…) or : (…) for long lists of values');
    }
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.countBinaryOperator(this.advance());
      const right = this.parseAnd();
      left = { kind: 'logical', op: 'or', left, right, span: this.spanFrom(left.span, right.span.end) };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('and')) {
      this.countBinaryOperator(this.advance());
      const right = this.parseNot();
      left = { kind: 'logical', op: 'and', left, right, span: this.spanFrom(left.span, right.span.end) };
    }
    return left;
  }

  private parseNot(): Expr {
    if (!this.isKeyword('not')) return this.parseComparison();
    const start = this.advance();
    if (++this.depth > maxDepth) this.fail(start, `expression nested too deeply (more than ${maxDepth} levels)`);
    try {
      const operand = this.parseNot();
      return { kind: 'not', operand, span: this.spanFrom(this.spanOf(start, start), operand.span.end) };
    } finally {
      this.depth--;
    }
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const token = this.peek();
    if (token.kind !== 'operator') return left;
    if (token.value === '=') {
      this.fail(token, 'Elasticsearch EQL does not support [=] for comparison', 'use [==]');
    }
    if (!comparisonOperators.has(token.value)) return left;
    this.advance();
    const right = this.parseAdditive();
    const op = token.value as '==' | '!=' | '<' | '<=' | '>' | '>=';
    return { kind: 'comparison', op, left, right, span: this.spanFrom(left.span, right.span.end) };
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOperator('+') || this.isOperator('-')) {
      const operator = this.advance();
      this.countBinaryOperator(operator);
      const op = operator.value as '+' | '-';
      const right = this.parseMultiplicative();
      left = { kind: 'arithmetic', op, left, right, span: this.spanFrom(left.span, right.span.end) };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isOperator('*') || this.isOperator('/') || this.isOperator('%')) {
      const operator = this.advance();
      this.countBinaryOperator(operator);
      const op = operator.value as '*' | '/' | '%';
      const right = this.parseUnary();
      left = { kind: 'arithmetic', op, left, right, span: this.spanFrom(left.span, right.span.end) };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (!this.isOperator('-') && !this.isOperator('+')) return this.parsePredicate();
    const start = this.advance();
    if (++this.depth > maxDepth) this.fail(start, `expression nested too deeply (more than ${maxDepth} levels)`);
    try {
      const operand = this.parseUnary();
      // Unary plus changes nothing, so the tree does not keep it.
      if (start.value === '+') return operand;
      return { kind: 'negate', operand, span: this.spanFrom(this.spanOf(start, start), operand.span.end) };
    } finally {
      this.depth--;
    }
  }

  /** A primary with an optional `in`, `:`, `like` or `regex` predicate after it. */
  private parsePredicate(): Expr {
    const left = this.parsePrimary();
    const token = this.peek();
    if (token.kind === 'operator' && token.value === ':') return this.parseMatch(left);
    if (token.kind !== 'keyword') return left;
    if (matchOperators.has(token.value)) return this.parseMatch(left);
    const negated = token.value === 'not' && (this.isKeyword('in', 1) || this.isKeyword('in~', 1));
    if (negated) this.advance();
    if (!this.isKeyword('in') && !this.isKeyword('in~')) return left;
    const caseInsensitive = this.advance().value === 'in~';
    this.expectOperator('(');
    const values = [this.parseExpression()];
    while (this.isOperator(',')) {
      this.advance();
      values.push(this.parseExpression());
    }
    const close = this.expectOperator(')');
    return { kind: 'in', negated, caseInsensitive, left, values, span: this.spanFrom(left.span, close.end) };
  }

  private parseMatch(left: Expr): Expr {
    const token = this.advance();
    const word = token.value.replace('~', '') as ':' | 'like' | 'regex';
    const caseInsensitive = word === ':' || token.value.endsWith('~');
    const patterns: Expr[] = [];
    let end: number;
    if (this.isOperator('(')) {
      this.advance();
      patterns.push(this.parseConstant());
      while (this.isOperator(',')) {
        this.advance();
        patterns.push(this.parseConstant());
      }
      end = this.expectOperator(')').end;
    } else {
      const pattern = this.parseConstant();
      patterns.push(pattern);
      end = pattern.span.end;
    }
    return { kind: 'match', op: word, caseInsensitive, left, patterns, span: this.spanFrom(left.span, end) };
  }

  private parseConstant(): Literal {
    const literal = this.tryLiteral();
    if (literal) return literal;
    return this.mismatch(`a string, number, boolean or null (the right side of ':', like and regex must be constants)`);
  }

  private tryLiteral(): Literal | undefined {
    const token = this.peek();
    const span = this.spanOf(token, token);
    switch (token.kind) {
      case 'string':
        this.advance();
        return { kind: 'literal', value: token.value, span };
      case 'integer':
      case 'decimal': {
        this.advance();
        const value = Number(token.value);
        if (!Number.isFinite(value)) this.fail(token, `Number [${token.text}] is too large`);
        return { kind: 'literal', value, numberType: token.kind === 'integer' ? 'long' : 'double', span };
      }
      case 'keyword':
        if (token.value === 'true' || token.value === 'false') {
          this.advance();
          return { kind: 'literal', value: token.value === 'true', span };
        }
        if (token.value === 'null') {
          this.advance();
          return { kind: 'literal', value: null, span };
        }
        return undefined;
      default:
        return undefined;
    }
  }

  private parsePrimary(): Expr {
    const literal = this.tryLiteral();
    if (literal) return literal;
    const token = this.peek();
    if (token.kind === 'operator' && token.value === '(') {
      this.advance();
      const inner = this.parseExpression();
      this.expectOperator(')');
      return inner;
    }
    if (token.kind === 'tilde-identifier') return this.parseCall();
    if (token.kind === 'identifier') {
      if (this.isOperator('(', 1)) return this.parseCall();
      if (this.isKeyword('of', 1)) {
        this.fail(token, `Process relationships [${token.value} of] are not supported by Elasticsearch EQL`, 'use a sequence with join keys instead');
      }
    }
    if (token.kind === 'identifier' || token.kind === 'quoted-identifier' || this.isOperator('?')) return this.parseField();
    return this.mismatch('an expression (a field, a value, a function call or "(")');
  }

  private parseCall(): FunctionCall {
    const nameToken = this.advance();
    const caseInsensitive = nameToken.kind === 'tilde-identifier';
    const signature = lookupFunction(nameToken.value);
    if (!signature) {
      const suggestion = nearest(nameToken.value, functionNames);
      this.fail(
        nameToken,
        `Unknown function [${nameToken.value}]${suggestion ? `, did you mean [${suggestion}]?` : ''}`,
        `Elasticsearch EQL functions are ${functionNames.join(', ')}`,
      );
    }
    if (caseInsensitive && !signature.caseAware) {
      this.fail(nameToken, `Function [${signature.name}] does not support the case-insensitive form [${nameToken.value}~]`, `write ${signature.name}(…)`);
    }
    this.expectOperator('(');
    const args: Expr[] = [];
    if (!this.isOperator(')')) {
      args.push(this.parseExpression());
      while (this.isOperator(',')) {
        this.advance();
        args.push(this.parseExpression());
      }
    }
    const close = this.expectOperator(')');
    if (args.length < signature.minArgs || args.length > signature.maxArgs) {
      this.fail(nameToken, `Function [${signature.name}] expects ${describeArity(signature)}, found [${args.length}]`);
    }
    return { kind: 'call', name: signature.name, caseInsensitive, args, span: this.spanOf(nameToken, close) };
  }

  /** `?a.b[0].`c d``: segments after a dot may be keywords too (`event.sequence`); whitespace may surround dots, as in Elasticsearch. */
  private parseField(): Field {
    const start = this.peek();
    const optional = this.isOperator('?');
    if (optional) this.advance();
    const first = this.peek();
    if (first.kind !== 'identifier' && first.kind !== 'quoted-identifier') this.mismatch('a field name');
    this.advance();
    const path: (string | number)[] = [first.value];
    while (true) {
      if (this.isOperator('.')) {
        const segment = this.peek(1);
        if (segment.kind !== 'identifier' && segment.kind !== 'quoted-identifier' && segment.kind !== 'keyword') break;
        this.advance();
        this.advance();
        path.push(segment.value);
      } else if (this.isOperator('[') && this.peek(1).kind === 'integer' && this.isOperator(']', 2)) {
        this.advance();
        path.push(Number(this.advance().value));
        this.advance();
      } else {
        break;
      }
    }
    const name = path.filter((segment): segment is string => typeof segment === 'string').join('.');
    return { kind: 'field', name, path, optional, span: this.spanFrom(this.spanOf(start, start), this.previousEnd()) };
  }
}
