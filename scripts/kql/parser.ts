// Recursive-descent parser for Kibana's KQL, one method per rule of Kibana's grammar
// (kbn-es-query/src/kuery/grammar/grammar.peggy), tried in the grammar's order with its
// backtracking, so that what parses, how, and the wording and place of a syntax error all agree
// with Kibana. `or` binds loosest, then `and`, then `not`; `f:(a or b)` lists values for one field;
// `f:{ q }` is a nested query. Syntax errors are returned as data, never thrown out.
import type { FieldMatch, Query, RangeOperator, Span, Term, ValueExpr } from './ast.js';
import { kqlProblem, QueryText, type KqlProblem } from './problem.js';
import { isSpace, isSpecial, Scanner } from './scanner.js';

export type ParseResult = { ok: true; query: Query } | { ok: false; errors: KqlProblem[] };

/** Parenthesis and brace nesting the parser follows before it gives up (the stack is finite). */
const maxDepth = 200;

class TooDeep extends Error {}

/** Stands for an unescaped `*` while a literal is read, apart from an escaped `\\*`. */
const wildcardMark: unique symbol = Symbol('wildcard');

export function parseKql(text: string): ParseResult {
  const parser = new Parser(text);
  try {
    const query = parser.start();
    if (query) return { ok: true, query };
    const { offset, message } = parser.scanner.error();
    // At the end of input, point just after the last written character rather than at the trailing
    // blank line a multi-line rule query ends with; on one line, where Kibana puts it.
    const written = text.trimEnd().length;
    const at = offset >= text.length && text.slice(written).includes('\n') ? written : offset;
    return { ok: false, errors: [kqlProblem('kql.syntax', text, parser.lines.position(at), message, 'correct the KQL syntax at the caret')] };
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    const at = parser.lines.position(parser.scanner.pos);
    return { ok: false, errors: [kqlProblem('kql.syntax', text, at, `parentheses and braces nested deeper than ${maxDepth}`, 'simplify the query')] };
  }
}

const rangeOperators: readonly (readonly [string, RangeOperator])[] = [
  ['<=', 'lte'],
  ['>=', 'gte'],
  ['<', 'lt'],
  ['>', 'gt'],
];

class Parser {
  readonly scanner: Scanner;
  readonly lines: QueryText;
  private depth = 0;

  constructor(readonly text: string) {
    this.scanner = new Scanner(text);
    this.lines = new QueryText(text);
  }

  private span(start: number, end: number = this.scanner.pos): Span {
    const { line, column } = this.lines.position(start);
    return { offset: start, length: end - start, line, column };
  }

  /** Runs `rule`; on failure puts the cursor back where it was (a PEG alternative). */
  private attempt<T>(rule: () => T | undefined): T | undefined {
    const start = this.scanner.pos;
    const result = rule();
    if (result === undefined) this.scanner.pos = start;
    return result;
  }

  private deeper<T>(rule: () => T | undefined): T | undefined {
    if (++this.depth > maxDepth) throw new TooDeep();
    try {
      return rule();
    } finally {
      this.depth--;
    }
  }

  // start = Space* query:OrQuery? trailing:OptionalSpace; an empty query matches everything.
  start(): Query | undefined {
    const s = this.scanner;
    s.spaces();
    const query = this.attempt(() => this.orQuery());
    s.optionalSpaces();
    if (!s.atEnd) {
      s.fail('end of input');
      return undefined;
    }
    return query ?? { kind: 'match-all', span: this.span(0, this.text.length) };
  }

  /** head (Separator operand)+ / head: shared by the or/and rules of queries and of value lists. */
  private chain<T extends { span: Span }>(operand: () => T | undefined, keyword: 'or' | 'and'): T[] | undefined {
    const head = operand();
    if (!head) return undefined;
    const operands = [head];
    for (;;) {
      const next = this.attempt(() => (this.separator(keyword) ? operand() : undefined));
      if (!next) return operands;
      operands.push(next);
    }
  }

  private spanOf(operands: readonly { span: Span }[]): Span {
    const first = operands[0] as { span: Span };
    const last = operands[operands.length - 1] as { span: Span };
    return this.span(first.span.offset, last.span.offset + last.span.length);
  }

  // OrQuery = AndQuery (Or AndQuery)+ / AndQuery
  private orQuery(): Query | undefined {
    const operands = this.chain(() => this.andQuery(), 'or');
    if (!operands) return undefined;
    return operands.length === 1 ? operands[0] : { kind: 'or', operands, span: this.spanOf(operands) };
  }

  // AndQuery = NotQuery (And NotQuery)+ / NotQuery
  private andQuery(): Query | undefined {
    const operands = this.chain(() => this.notQuery(), 'and');
    if (!operands) return undefined;
    return operands.length === 1 ? operands[0] : { kind: 'and', operands, span: this.spanOf(operands) };
  }

  // Or = Space+ 'or'i Space+ (named "OR"); And likewise; Not = 'not'i Space+ (named "NOT").
  private separator(keyword: 'or' | 'and'): boolean {
    const s = this.scanner;
    return (
      s.named(keyword.toUpperCase(), () => {
        if (!isSpace(s.peek())) return undefined;
        while (isSpace(s.peek())) s.pos++;
        if (!s.keywordAt(s.pos, keyword)) return undefined;
        s.pos += keyword.length;
        if (!isSpace(s.peek())) return undefined;
        while (isSpace(s.peek())) s.pos++;
        return true;
      }) === true
    );
  }

  private not(): boolean {
    const s = this.scanner;
    return (
      s.named('NOT', () => {
        if (!s.keywordAt(s.pos, 'not') || !isSpace(s.peek(3))) return undefined;
        s.pos += 3;
        while (isSpace(s.peek())) s.pos++;
        return true;
      }) === true
    );
  }

  // NotQuery = Not SubQuery / SubQuery
  private notQuery(): Query | undefined {
    const start = this.scanner.pos;
    const negated = this.attempt(() => (this.not() ? this.subQuery() : undefined));
    if (negated) return { kind: 'not', operand: negated, span: this.span(start) };
    return this.subQuery();
  }

  // SubQuery = '(' Space* OrQuery OptionalSpace ')' / NestedQuery
  private subQuery(): Query | undefined {
    const s = this.scanner;
    const grouped = this.attempt(() =>
      this.deeper(() => {
        if (!s.literal('(')) return undefined;
        s.spaces();
        const query = this.orQuery();
        if (!query) return undefined;
        s.optionalSpaces();
        return s.literal(')') ? query : undefined;
      }),
    );
    return grouped ?? this.nestedQuery();
  }

  // NestedQuery = Field Space* ':' Space* '{' Space* OrQuery OptionalSpace '}' / Expression
  private nestedQuery(): Query | undefined {
    const s = this.scanner;
    const start = s.pos;
    const nested = this.attempt((): Query | undefined => {
      const path = this.field();
      if (!path) return undefined;
      s.spaces();
      if (!s.literal(':')) return undefined;
      s.spaces();
      return this.deeper(() => {
        if (!s.literal('{')) return undefined;
        s.spaces();
        const query = this.orQuery();
        if (!query) return undefined;
        s.optionalSpaces();
        return s.literal('}') ? { kind: 'nested', path, query, span: this.span(start) } : undefined;
      });
    });
    return nested ?? this.expression();
  }

  // Expression = FieldRangeExpression / FieldValueExpression / ValueExpression
  private expression(): Query | undefined {
    return this.attempt(() => this.fieldRange()) ?? this.attempt(() => this.fieldValues()) ?? this.freeText();
  }

  // FieldRangeExpression = Field Space* RangeOperator Space* Literal
  private fieldRange(): Query | undefined {
    const s = this.scanner;
    const start = s.pos;
    const field = this.field();
    if (!field) return undefined;
    s.spaces();
    const operator = rangeOperators.find(([text]) => s.literal(text));
    if (!operator) return undefined;
    s.spaces();
    const value = s.named('literal', () => this.literal());
    if (!value) return undefined;
    return { kind: 'range', field, operator: operator[1], value, span: this.span(start) };
  }

  // FieldValueExpression = Field Space* ':' Space* ListOfValues
  private fieldValues(): FieldMatch | undefined {
    const s = this.scanner;
    const start = s.pos;
    const field = this.field();
    if (!field) return undefined;
    s.spaces();
    if (!s.literal(':')) return undefined;
    s.spaces();
    const values = this.listOfValues();
    if (!values) return undefined;
    return { kind: 'match', field, values, span: this.span(start) };
  }

  // ValueExpression = Value: a value without a field searches every field.
  private freeText(): FieldMatch | undefined {
    const start = this.scanner.pos;
    const values = this.value();
    return values ? { kind: 'match', field: null, values, span: this.span(start) } : undefined;
  }

  // ListOfValues = '(' Space* OrListOfValues OptionalSpace ')' / Value
  private listOfValues(): ValueExpr | undefined {
    const s = this.scanner;
    const list = this.attempt(() =>
      this.deeper(() => {
        if (!s.literal('(')) return undefined;
        s.spaces();
        const values = this.orValues();
        if (!values) return undefined;
        s.optionalSpaces();
        return s.literal(')') ? values : undefined;
      }),
    );
    return list ?? this.value();
  }

  private orValues(): ValueExpr | undefined {
    const operands = this.chain(() => this.andValues(), 'or');
    if (!operands) return undefined;
    return operands.length === 1 ? operands[0] : { kind: 'or', operands, span: this.spanOf(operands) };
  }

  private andValues(): ValueExpr | undefined {
    const operands = this.chain(() => this.notValues(), 'and');
    if (!operands) return undefined;
    return operands.length === 1 ? operands[0] : { kind: 'and', operands, span: this.spanOf(operands) };
  }

  // NotListOfValues = Not ListOfValues / ListOfValues
  private notValues(): ValueExpr | undefined {
    const start = this.scanner.pos;
    const negated = this.attempt(() => (this.not() ? this.listOfValues() : undefined));
    if (negated) return { kind: 'not', operand: negated, span: this.span(start) };
    return this.listOfValues();
  }

  // Field "fieldName" = Literal; Value "value" = QuotedString / UnquotedLiteral
  private field(): Term | undefined {
    return this.scanner.named('field name', () => this.literal());
  }

  private value(): Term | undefined {
    return this.scanner.named('value', () => this.literal());
  }

  // Literal = QuotedString / UnquotedLiteral
  private literal(): Term | undefined {
    return this.attempt(() => this.quoted()) ?? this.unquoted();
  }

  // QuotedString = '"' QuotedCharacter* '"', where \" and \\ escape and any other \ is itself.
  private quoted(): Term | undefined {
    const s = this.scanner;
    const start = s.pos;
    if (s.peek() !== '"') return undefined;
    s.pos++;
    let value = '';
    for (;;) {
      const char = s.peek();
      if (char === undefined) return undefined;
      if (char === '"') break;
      const escaped = s.commonEscape();
      if (escaped !== undefined) {
        value += escaped;
      } else if (char === '\\' && (s.peek(1) === '\\' || s.peek(1) === '"')) {
        value += s.peek(1);
        s.pos += 2;
      } else {
        value += char;
        s.pos++;
      }
    }
    s.pos++;
    return { kind: 'term', value, quoted: true, span: this.span(start) };
  }

  // UnquotedLiteral = UnquotedCharacter+, trimmed; `*` unescaped is a wildcard; null/true/false are values.
  private unquoted(): Term | undefined {
    const s = this.scanner;
    const start = s.pos;
    const pieces: string[] = [''];
    let characters = 0;
    for (;;) {
      const char = this.unquotedCharacter();
      if (char === undefined) break;
      characters++;
      if (char === wildcardMark) pieces.push('');
      else pieces[pieces.length - 1] += char;
    }
    if (characters === 0) return undefined;
    // Kibana trims the joined text: only the outer ends of the first and last piece can lose spaces.
    pieces[0] = (pieces[0] as string).trimStart();
    pieces[pieces.length - 1] = (pieces[pieces.length - 1] as string).trimEnd();
    const span = this.span(start);
    if (pieces.length > 1) return { kind: 'term', value: pieces.join('*'), quoted: false, wildcard: pieces, span };
    const text = pieces[0] as string;
    const value = text === 'null' ? null : text === 'true' ? true : text === 'false' ? false : text;
    return { kind: 'term', value, quoted: false, span };
  }

  // UnquotedCharacter = EscapedWhitespace / EscapedSpecialCharacter / EscapedUnicodeSequence /
  //   EscapedKeyword / Wildcard / !SpecialCharacter !Keyword .
  private unquotedCharacter(): string | typeof wildcardMark | undefined {
    const s = this.scanner;
    const char = s.peek();
    if (char === undefined) return undefined;
    if (char === '\\') {
      const next = s.peek(1);
      if (next === 't' || next === 'r' || next === 'n') return s.commonEscape();
      if (isSpecial(next)) {
        s.pos += 2;
        return next;
      }
      const unicode = s.commonEscape();
      if (unicode !== undefined) return unicode;
      for (const keyword of ['or', 'and', 'not']) {
        if (s.keywordAt(s.pos + 1, keyword)) {
          const written = s.text.slice(s.pos + 1, s.pos + 1 + keyword.length);
          s.pos += 1 + keyword.length;
          return written;
        }
      }
      return undefined;
    }
    if (char === '*') {
      s.pos++;
      return wildcardMark;
    }
    if (isSpecial(char) || s.keywordAhead()) return undefined;
    s.pos++;
    return char;
  }
}

