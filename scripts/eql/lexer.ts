// Turns EQL text into tokens, as Elasticsearch's EqlBase lexer does: keywords are lowercase,
// identifiers are [A-Za-z_@][A-Za-z0-9_]*, whitespace and comments are skipped. Problems are
// collected, not thrown, and lexing goes on after one so the parser can report more.
import { problemAt, type EqlProblem } from './problem.js';

export type TokenKind =
  | 'keyword'
  | 'identifier'
  /** `` `quoted name` ``; value is the unquoted name. */
  | 'quoted-identifier'
  /** `startsWith~`; value is the name without the tilde. */
  | 'tilde-identifier'
  | 'string'
  | 'integer'
  | 'decimal'
  | 'operator'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** Keyword or operator text, identifier name, or the decoded string. */
  readonly value: string;
  readonly offset: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

export const keywords: ReadonlySet<string> = new Set([
  'and', 'any', 'by', 'false', 'in', 'join', 'like', 'maxspan', 'not', 'null', 'of', 'or',
  'regex', 'sample', 'sequence', 'true', 'until', 'where', 'with',
]);

/** Keywords that take a `~` suffix for their case-insensitive form. */
const tildeKeywords: ReadonlySet<string> = new Set(['in', 'like', 'regex']);

const twoCharOperators: ReadonlySet<string> = new Set(['==', '!=', '<=', '>=', '![']);
const oneCharOperators: ReadonlySet<string> = new Set([
  ':', '=', '<', '>', '+', '-', '*', '/', '%', '.', ',', '[', ']', '(', ')', '|', '?',
]);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isIdentifierStart = (c: number): boolean => isLetter(c) || c === 95 /* _ */ || c === 64; /* @ */
const isIdentifierPart = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95;
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

const simpleEscapes: Readonly<Record<string, string>> = {
  n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\',
};

export interface LexResult {
  readonly tokens: Token[];
  readonly problems: EqlProblem[];
}

export function lex(text: string): LexResult {
  return new Lexer(text).run();
}

class Lexer {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private readonly tokens: Token[] = [];
  private readonly problems: EqlProblem[] = [];

  constructor(private readonly text: string) {}

  run(): LexResult {
    const { text } = this;
    while (true) {
      this.skipTrivia();
      if (this.offset >= text.length) break;
      this.scanToken();
    }
    this.tokens.push(this.token('eof', this.offset, this.offset, '', this.position(this.offset)));
    return { tokens: this.tokens, problems: this.problems };
  }

  private position(offset: number): { offset: number; line: number; column: number } {
    return { offset, line: this.line, column: offset - this.lineStart + 1 };
  }

  private token(
    kind: TokenKind,
    start: number,
    end: number,
    value: string,
    at: { line: number; column: number },
  ): Token {
    return { kind, text: this.text.slice(start, end), value, offset: start, end, line: at.line, column: at.column };
  }

  private fail(at: { offset: number; line: number; column: number }, message: string, hint?: string): void {
    this.problems.push(problemAt('eql.syntax', this.text, at, message, hint));
  }

  /** Advances over one character, keeping line and column right. */
  private advance(): void {
    if (this.text.charCodeAt(this.offset) === 10) {
      this.line++;
      this.lineStart = this.offset + 1;
    }
    this.offset++;
  }

  private skipTrivia(): void {
    const { text } = this;
    while (this.offset < text.length) {
      const c = text.charCodeAt(this.offset);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        this.advance();
      } else if (c === 47 && text.charCodeAt(this.offset + 1) === 47) {
        while (this.offset < text.length && text.charCodeAt(this.offset) !== 10) this.offset++;
      } else if (c === 47 && text.charCodeAt(this.offset + 1) === 42) {
        this.skipBlockComment();
      } else {
        return;
      }
    }
  }

  /** `/* ... *\/`, nested as Elasticsearch allows. */
  private skipBlockComment(): void {
    const { text } = this;
    const start = this.position(this.offset);
    let depth = 0;
    while (this.offset < text.length) {
      const c = text.charCodeAt(this.offset);
      const next = text.charCodeAt(this.offset + 1);
      if (c === 47 && next === 42) {
        depth++;
        this.offset += 2;
      } else if (c === 42 && next === 47) {
        depth--;
        this.offset += 2;
        if (depth === 0) return;
      } else {
        this.advance();
      }
    }
    this.fail(start, 'unterminated comment', 'close the comment with */');
  }

  private scanToken(): void {
    const { text } = this;
    const start = this.offset;
    const at = this.position(start);
    const c = text.charCodeAt(start);

    if (isIdentifierStart(c)) return this.scanWord(start, at);
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(start + 1)))) return this.scanNumber(start, at);
    if (c === 34) return this.scanString(start, at);
    if (c === 39) return this.scanSingleQuoted(start, at);
    if (c === 96) return this.scanQuotedIdentifier(start, at);
    if (c === 63 && text.charCodeAt(start + 1) === 34) {
      // `?"..."` was EQL's old raw-string syntax; Elasticsearch rejects it.
      this.offset++;
      this.scanString(this.offset, this.position(this.offset));
      this.fail(at, 'Use triple double quotes ["""] to define unescaped string literals, not [?"]');
      return;
    }

    const two = text.slice(start, start + 2);
    if (twoCharOperators.has(two)) {
      this.offset += 2;
      this.tokens.push(this.token('operator', start, this.offset, two, at));
      return;
    }
    const one = text[start] ?? '';
    if (oneCharOperators.has(one)) {
      this.offset++;
      this.tokens.push(this.token('operator', start, this.offset, one, at));
      return;
    }
    this.offset++;
    const hint = one === '&' ? 'use the keyword "and"' : one === '!' ? 'use the keyword "not"' : undefined;
    this.fail(at, `token recognition error at: '${one}'`, hint);
  }

  private scanWord(start: number, at: { line: number; column: number }): void {
    const { text } = this;
    this.offset++;
    while (this.offset < text.length && isIdentifierPart(text.charCodeAt(this.offset))) this.offset++;
    const word = text.slice(start, this.offset);
    if (text.charCodeAt(this.offset) === 126 /* ~ */) {
      this.offset++;
      if (tildeKeywords.has(word)) {
        this.tokens.push(this.token('keyword', start, this.offset, `${word}~`, at));
      } else {
        this.tokens.push(this.token('tilde-identifier', start, this.offset, word, at));
      }
      return;
    }
    this.tokens.push(this.token(keywords.has(word) ? 'keyword' : 'identifier', start, this.offset, word, at));
  }

  private scanDigits(): void {
    while (this.offset < this.text.length && isDigit(this.text.charCodeAt(this.offset))) this.offset++;
  }

  /** INTEGER: digits. DECIMAL: digits '.' digits?, '.' digits, with an optional exponent. */
  private scanNumber(start: number, at: { offset: number; line: number; column: number }): void {
    const { text } = this;
    let decimal = false;
    this.scanDigits();
    if (text.charCodeAt(this.offset) === 46 /* . */) {
      decimal = true;
      this.offset++;
      this.scanDigits();
    }
    const e = text.charCodeAt(this.offset);
    if (e === 69 || e === 101) {
      let look = this.offset + 1;
      const sign = text.charCodeAt(look);
      if (sign === 43 || sign === 45) look++;
      if (isDigit(text.charCodeAt(look))) {
        decimal = true;
        this.offset = look;
        this.scanDigits();
      }
    }
    const literal = text.slice(start, this.offset);
    this.tokens.push(this.token(decimal ? 'decimal' : 'integer', start, this.offset, literal, at));
  }

  private scanString(start: number, at: { offset: number; line: number; column: number }): void {
    const { text } = this;
    if (text.startsWith('"""', start)) return this.scanRawString(start, at);
    this.offset = start + 1;
    let value = '';
    let chunkStart = this.offset;
    while (true) {
      if (this.offset >= text.length || text.charCodeAt(this.offset) === 10 || text.charCodeAt(this.offset) === 13) {
        this.fail(at, 'unterminated string', 'close the string with " on the same line, or use """…""" for text over several lines');
        this.tokens.push(this.token('string', start, this.offset, value + text.slice(chunkStart, this.offset), at));
        return;
      }
      const c = text.charCodeAt(this.offset);
      if (c === 34) break;
      if (c !== 92) {
        this.offset++;
        continue;
      }
      value += text.slice(chunkStart, this.offset);
      value += this.scanEscape();
      chunkStart = this.offset;
    }
    value += text.slice(chunkStart, this.offset);
    this.offset++;
    this.tokens.push(this.token('string', start, this.offset, value, at));
  }

  /** At a backslash: decodes one escape sequence and returns its text. */
  private scanEscape(): string {
    const { text } = this;
    const at = this.position(this.offset);
    const letter = text[this.offset + 1] ?? '';
    const simple = simpleEscapes[letter];
    if (simple !== undefined) {
      this.offset += 2;
      return simple;
    }
    if (letter === 'u' && text.charCodeAt(this.offset + 2) === 123 /* { */) {
      let end = this.offset + 3;
      while (end < text.length && isHexDigit(text.charCodeAt(end)) && end - this.offset - 3 < 9) end++;
      const hex = text.slice(this.offset + 3, end);
      if (text.charCodeAt(end) === 125 /* } */ && hex.length >= 2 && hex.length <= 8) {
        const code = Number.parseInt(hex, 16);
        this.offset = end + 1;
        if (code <= 0x10ffff) return String.fromCodePoint(code);
        this.fail(at, `Invalid unicode character code [${hex}]`, 'use a code point no larger than 10FFFF');
        return '';
      }
      this.offset = text.charCodeAt(end) === 125 ? end + 1 : end;
      this.fail(at, `Unicode sequence should use [2-8] hex digits, [\\u{${hex}}] has [${hex.length}]`, 'write \\u{XX} to \\u{XXXXXXXX}');
      return '';
    }
    this.offset += letter === '' ? 1 : 2;
    this.fail(at, `invalid escape sequence [\\${letter}]`, 'valid escapes are \\n \\r \\t \\" \\\\ and \\u{XXXX}; use """…""" for text with backslashes');
    return letter;
  }

  /** `"""…"""`: verbatim; up to two more quotes right after the closing three belong to the text. */
  private scanRawString(start: number, at: { offset: number; line: number; column: number }): void {
    const { text } = this;
    const close = text.indexOf('"""', start + 3);
    if (close < 0) {
      while (this.offset < text.length) this.advance();
      this.fail(at, 'unterminated raw string', 'close the string with """');
      this.tokens.push(this.token('string', start, this.offset, text.slice(start + 3), at));
      return;
    }
    let end = close + 3;
    if (text.charCodeAt(end) === 34) end++;
    if (text.charCodeAt(end) === 34) end++;
    while (this.offset < end) this.advance();
    this.tokens.push(this.token('string', start, end, text.slice(start + 3, end - 3), at));
  }

  private scanSingleQuoted(start: number, at: { offset: number; line: number; column: number }): void {
    const { text } = this;
    this.offset = start + 1;
    while (this.offset < text.length) {
      const c = text.charCodeAt(this.offset);
      if (c === 39 || c === 10) break;
      this.offset += c === 92 ? 2 : 1;
    }
    if (text.charCodeAt(this.offset) === 39) this.offset++;
    this.fail(at, "Use double quotes [\"] to define string literals, not single quotes [']", 'Elasticsearch EQL does not support single-quoted strings');
    const inner = text.slice(start + 1, Math.max(start + 1, this.offset - 1));
    this.tokens.push(this.token('string', start, this.offset, inner, at));
  }

  /** `` `name` ``, with a doubled backquote standing for one. */
  private scanQuotedIdentifier(start: number, at: { offset: number; line: number; column: number }): void {
    const { text } = this;
    this.offset = start + 1;
    let value = '';
    while (true) {
      const close = text.indexOf('`', this.offset);
      if (close < 0) {
        while (this.offset < text.length) this.advance();
        this.fail(at, 'unterminated quoted field name', 'close the field name with `');
        this.tokens.push(this.token('quoted-identifier', start, this.offset, value, at));
        return;
      }
      const segmentStart = this.offset;
      while (this.offset < close) this.advance();
      value += text.slice(segmentStart, close);
      if (text.charCodeAt(close + 1) === 96) {
        value += '`';
        this.offset = close + 2;
        continue;
      }
      this.offset = close + 1;
      break;
    }
    this.tokens.push(this.token('quoted-identifier', start, this.offset, value, at));
  }
}
