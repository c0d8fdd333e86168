// Turns ES|QL text into tokens the way Elasticsearch's lexer does (x-pack/plugin/esql/src/main/antlr/
// EsqlBaseLexer.g4 and lexer/*.g4). That lexer has modes: a command word switches it into the mode
// its arguments are written in (expressions, index sources, field-name patterns, enrich policies).
// Here the parser names the mode of the token it expects, which follows the same grammar without a
// mode stack. Keywords are case-insensitive, as the grammar's `caseInsensitive = true` makes them.

export type TokenKind =
  /** A command name or keyword-like word (`from`, `inline`, `metadata`, `as`, `on`, `with`). */
  | 'word'
  | 'identifier'
  /** `` `quoted name` ``; value is the name with doubled backquotes undone. */
  | 'quoted-identifier'
  /** A field-name pattern of KEEP, DROP, RENAME, ENRICH: letters, digits, `_`, `*`, backquoted parts. */
  | 'pattern'
  /** An index source of FROM/TS (`logs-*`, `remote:logs`), or an enrich policy name. */
  | 'source'
  | 'string'
  | 'integer'
  | 'decimal'
  /** `?`, `?name`, `?1` (and `??name` for identifiers). */
  | 'param'
  | 'operator'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text. */
  readonly text: string;
  /** Lower-cased word, decoded string, unquoted identifier, or the operator itself. */
  readonly value: string;
  readonly offset: number;
  readonly end: number;
}

/** Words that are tokens of their own in expression mode (lexer/Expression.g4), so never a field name. */
export const expressionKeywords: ReadonlySet<string> = new Set([
  'and', 'asc', 'by', 'desc', 'false', 'first', 'in', 'is', 'last', 'like', 'not', 'null', 'nulls', 'or', 'rlike', 'true', 'where',
]);

export class EsqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const operators3 = ['"""'];
const operators2 = ['==', '=~', '!=', '<=', '>=', '::', '??'];
const operators1 = new Set(['=', '<', '>', '+', '-', '*', '/', '%', ':', ',', '.', '(', ')', '[', ']', '{', '}', '|', '?', ';']);

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isIdBody = (c: string): boolean => isLetter(c) || isDigit(c) || c === '_';
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** Characters that end an unquoted index source (lexer/From.g4, UNQUOTED_SOURCE_PART). */
const sourceStop = new Set([':', '"', '=', '|', ',', '[', ']', '(', ')', ' ', '\t', '\r', '\n']);
/** Characters that end an enrich policy name (lexer/Enrich.g4, ENRICH_POLICY_NAME_BODY). */
const policyStop = new Set(['\\', '/', '?', '"', '<', '>', '|', ' ', ',', '#', '\t', '\r', '\n', ':', '(', ')']);

export class Scanner {
  constructor(readonly text: string) {}

  /** The offset of the next token after whitespace and comments (`//…`, nested `/* … *\/`). */
  skipTrivia(offset: number): number {
    const { text } = this;
    let i = offset;
    for (;;) {
      while (i < text.length && isSpace(text[i] as string)) i += 1;
      if (text.startsWith('//', i)) {
        const end = text.indexOf('\n', i);
        i = end < 0 ? text.length : end + 1;
      } else if (text.startsWith('/*', i)) {
        let depth = 0;
        let j = i;
        while (j < text.length) {
          if (text.startsWith('/*', j)) {
            depth += 1;
            j += 2;
          } else if (text.startsWith('*/', j)) {
            depth -= 1;
            j += 2;
            if (depth === 0) break;
          } else j += 1;
        }
        if (depth !== 0) throw new EsqlSyntaxError('unterminated comment: a /* comment needs its */', i);
        i = j;
      } else return i;
    }
  }

  private token(kind: TokenKind, start: number, end: number, value?: string): Token {
    const text = this.text.slice(start, end);
    return { kind, text, value: value ?? text, offset: start, end };
  }

  private eof(start: number): Token | undefined {
    return start >= this.text.length ? { kind: 'eof', text: '', value: '<EOF>', offset: start, end: start } : undefined;
  }

  /** A command name: a run of letters and underscores (`mv_expand`, `change_point`). */
  commandWord(offset: number): Token {
    const start = this.skipTrivia(offset);
    const eof = this.eof(start);
    if (eof) return eof;
    let end = start;
    while (end < this.text.length && (isLetter(this.text[end] as string) || this.text[end] === '_')) end += 1;
    if (end === start) return this.expression(start);
    return this.token('word', start, end, this.text.slice(start, end).toLowerCase());
  }

  /** A token of expression mode (lexer/Expression.g4). */
  expression(offset: number): Token {
    const { text } = this;
    const start = this.skipTrivia(offset);
    const eof = this.eof(start);
    if (eof) return eof;
    const c = text[start] as string;
    if (c === '"') return this.string(start);
    if (isDigit(c) || (c === '.' && isDigit(text[start + 1] ?? ''))) return this.number(start);
    if (isLetter(c) || ((c === '_' || c === '@') && isIdBody(text[start + 1] ?? ''))) {
      let end = start + 1;
      while (end < text.length && isIdBody(text[end] as string)) end += 1;
      const word = text.slice(start, end);
      const lower = word.toLowerCase();
      return expressionKeywords.has(lower) ? this.token('word', start, end, lower) : this.token('identifier', start, end, word);
    }
    if (c === '`') return this.quotedIdentifier(start);
    if (c === '?') return this.param(start);
    for (const op of operators2) if (text.startsWith(op, start)) return this.token('operator', start, start + 2);
    if (operators1.has(c)) return this.token('operator', start, start + 1);
    throw new EsqlSyntaxError(`token recognition error at: '${c}'`, start);
  }

  /** A token of FROM/TS mode (lexer/From.g4): index sources, `,`, `:`, `::`, `metadata`. */
  source(offset: number): Token {
    const { text } = this;
    const start = this.skipTrivia(offset);
    const eof = this.eof(start);
    if (eof) return eof;
    const c = text[start] as string;
    if (c === '"') return this.string(start);
    if (text.startsWith('::', start)) return this.token('operator', start, start + 2);
    if (sourceStop.has(c)) return this.token('operator', start, start + 1);
    let end = start;
    while (end < text.length) {
      const d = text[end] as string;
      if (sourceStop.has(d)) break;
      // A single `/` belongs to the name (date math); `//` and `/*` start a comment.
      if (d === '/' && (text[end + 1] === '/' || text[end + 1] === '*')) break;
      end += 1;
    }
    const word = text.slice(start, end);
    return word.toLowerCase() === 'metadata' ? this.token('word', start, end, 'metadata') : this.token('source', start, end);
  }

  /** An enrich policy name (lexer/Enrich.g4): `policy` or `mode:policy`, or a quoted string. */
  policy(offset: number): Token {
    const { text } = this;
    const start = this.skipTrivia(offset);
    const eof = this.eof(start);
    if (eof) return eof;
    if (text[start] === '"') return this.string(start);
    let end = start;
    const body = (): void => {
      while (end < text.length && !policyStop.has(text[end] as string)) end += 1;
    };
    body();
    if (end > start && text[end] === ':' && end + 1 < text.length && !policyStop.has(text[end + 1] as string)) {
      end += 1;
      body();
    }
    if (end === start) return this.expression(start);
    return this.token('source', start, end);
  }

  /**
   * A token of the field-pattern modes (KEEP, DROP, RENAME, ENRICH ON/WITH; lexer/Project.g4):
   * ID_PATTERN is `(letter|*)(letter|digit|_|*)*` or `(_|@)(letter|digit|_|*)+`, with backquoted
   * parts, possibly several glued together.
   */
  pattern(offset: number): Token {
    const { text } = this;
    const start = this.skipTrivia(offset);
    const eof = this.eof(start);
    if (eof) return eof;
    let end = start;
    let value = '';
    for (;;) {
      const c = text[end] ?? '';
      if (isLetter(c) || c === '*' || ((c === '_' || c === '@') && /[A-Za-z0-9_*]/.test(text[end + 1] ?? ''))) {
        let j = end + 1;
        while (j < text.length && (isIdBody(text[j] as string) || text[j] === '*')) j += 1;
        value += text.slice(end, j);
        end = j;
      } else if (c === '`') {
        const quoted = this.quotedIdentifier(end);
        value += quoted.value;
        end = quoted.end;
      } else break;
    }
    if (end > start) return this.token('pattern', start, end, value);
    if (text[start] === '?') return this.param(start);
    for (const op of operators2) if (text.startsWith(op, start)) return this.token('operator', start, start + 2);
    if (operators1.has(text[start] as string)) return this.token('operator', start, start + 1);
    throw new EsqlSyntaxError(`token recognition error at: '${text[start]}'`, start);
  }

  private quotedIdentifier(start: number): Token {
    const { text } = this;
    let j = start + 1;
    let value = '';
    for (;;) {
      if (j >= text.length) throw new EsqlSyntaxError('unterminated quoted identifier: a ` needs its closing `', start);
      if (text[j] === '`') {
        if (text[j + 1] === '`') {
          value += '`';
          j += 2;
          continue;
        }
        break;
      }
      value += text[j];
      j += 1;
    }
    if (value === '') throw new EsqlSyntaxError('a quoted identifier cannot be empty', start);
    return this.token('quoted-identifier', start, j + 1, value);
  }

  private param(start: number): Token {
    const { text } = this;
    let j = start + 1;
    if (text[j] === '?') j += 1;
    const nameStart = j;
    if (isLetter(text[j] ?? '') || text[j] === '_') {
      while (j < text.length && isIdBody(text[j] as string)) j += 1;
    } else {
      while (j < text.length && isDigit(text[j] as string)) j += 1;
    }
    return this.token('param', start, j, text.slice(nameStart, j));
  }

  /** `"…"` with `\t \n \r \" \\` escapes on one line, or `"""…"""` taken as written (lexer/Expression.g4). */
  private string(start: number): Token {
    const { text } = this;
    if (text.startsWith(operators3[0] as string, start)) {
      const close = text.indexOf('"""', start + 3);
      const newline = text.indexOf('\n', start + 3);
      if (close < 0 || (newline >= 0 && newline < close)) throw new EsqlSyntaxError('unterminated string: a """ string ends with """ on the same line', start);
      let end = close + 3;
      // ANTLR's rule takes up to two more quotes into the string: `""""a""""` is `"a"` quoted.
      let value = text.slice(start + 3, close);
      for (let extra = 0; extra < 2 && text[end] === '"'; extra += 1) {
        value += '"';
        end += 1;
      }
      return this.token('string', start, end, value);
    }
    let value = '';
    let j = start + 1;
    for (;;) {
      const c = text[j];
      if (c === undefined || c === '\n' || c === '\r') throw new EsqlSyntaxError('unterminated string: a " string ends with " on the same line', start);
      if (c === '"') break;
      if (c === '\\') {
        const next = text[j + 1] ?? '';
        const decoded = ({ t: '\t', n: '\n', r: '\r', '"': '"', '\\': '\\' } as Record<string, string>)[next];
        if (decoded === undefined) throw new EsqlSyntaxError(`invalid escape sequence \\${next}: only \\t \\n \\r \\" and \\\\ are allowed`, j);
        value += decoded;
        j += 2;
        continue;
      }
      value += c;
      j += 1;
    }
    return this.token('string', start, j + 1, value);
  }

  private number(start: number): Token {
    const { text } = this;
    let j = start;
    while (isDigit(text[j] ?? '')) j += 1;
    let decimal = false;
    if (text[j] === '.' && !isLetter(text[j + 1] ?? '') && text[j + 1] !== '_') {
      decimal = true;
      j += 1;
      while (isDigit(text[j] ?? '')) j += 1;
    }
    if ((text[j] === 'e' || text[j] === 'E') && (isDigit(text[j + 1] ?? '') || (/[+-]/.test(text[j + 1] ?? '') && isDigit(text[j + 2] ?? '')))) {
      decimal = true;
      j += 2;
      while (isDigit(text[j] ?? '')) j += 1;
    }
    return this.token(decimal ? 'decimal' : 'integer', start, j);
  }
}
