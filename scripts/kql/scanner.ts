// The character level of KQL. Kibana's grammar is scannerless: spaces belong to unquoted values
// (`f: a b` is the value "a b"), and `or`/`and`/`not` are keywords only by look-ahead, so tokens
// cannot be cut before parsing. This cursor does the character work for the parser and keeps
// peggy's error bookkeeping — the furthest failure position and what was expected there — so
// syntax errors read exactly as Kibana's (kuery_syntax_error.ts).

const spaceCharacters = new Set([' ', '\t', '\r', '\n', '\u00a0']);
/** Characters that end an unquoted literal unless escaped (grammar rule SpecialCharacter). */
const specialCharacters = new Set(['\\', '(', ')', ':', '<', '>', '"', '*', '{', '}']);
const escapedWhitespace: Readonly<Record<string, string>> = { t: '\t', r: '\r', n: '\n' };

export function isSpace(char: string | undefined): boolean {
  return char !== undefined && spaceCharacters.has(char);
}

export function isSpecial(char: string | undefined): boolean {
  return char !== undefined && specialCharacters.has(char);
}

export class Scanner {
  pos = 0;
  /** Inside a named grammar rule or a look-ahead, failures are not recorded (peggy's silentFails). */
  private silent = 0;
  private furthest = 0;
  private readonly expected = new Set<string>();

  constructor(readonly text: string) {}

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(ahead = 0): string | undefined {
    return this.text[this.pos + ahead];
  }

  /** Records that `description` was expected at the current position. */
  fail(description: string): void {
    if (this.silent > 0 || this.pos < this.furthest) return;
    if (this.pos > this.furthest) {
      this.furthest = this.pos;
      this.expected.clear();
    }
    this.expected.add(description);
  }

  /** Runs a named rule: inner failures are silent, a failure of the whole records its name. */
  named<T>(description: string, rule: () => T | undefined): T | undefined {
    const start = this.pos;
    this.silent++;
    const result = rule();
    this.silent--;
    if (result === undefined) {
      this.pos = start;
      this.fail(description);
    }
    return result;
  }

  /** A literal character or string (`'('`, `':'`); on failure records it quoted, as peggy does. */
  literal(expected: string): boolean {
    if (this.text.startsWith(expected, this.pos)) {
      this.pos += expected.length;
      return true;
    }
    this.fail(`"${expected}"`);
    return false;
  }

  /** A case-insensitive keyword at the current position (no position change). */
  keywordAt(offset: number, word: string): boolean {
    return this.text.slice(offset, offset + word.length).toLowerCase() === word;
  }

  /** Space*: any run of whitespace; records "whitespace" where it stops. */
  spaces(): number {
    const start = this.pos;
    while (isSpace(this.peek())) this.pos++;
    this.fail('whitespace');
    return this.pos - start;
  }

  /**
   * OptionalSpace: like Space*, but where it stops is never reported. Kibana's own error tests
   * (kuery_syntax_error.test.ts: `foo:ba:r` → "Expected AND, OR, end of input but ":" found.")
   * show that the trailing space rule adds no "whitespace" expectation.
   */
  optionalSpaces(): void {
    while (isSpace(this.peek())) this.pos++;
  }

  /** Grammar rule Keyword: ` or `, ` and ` or `not ` starts here, so an unquoted literal stops. */
  keywordAhead(): boolean {
    const at = this.pos;
    if (this.keywordAt(at, 'not') && isSpace(this.text[at + 3])) return true;
    if (!isSpace(this.text[at])) return false;
    return (
      (this.keywordAt(at + 1, 'or') && isSpace(this.text[at + 3])) || (this.keywordAt(at + 1, 'and') && isSpace(this.text[at + 4]))
    );
  }

  /**
   * One escape sequence valid in both quoted and unquoted text at the current position: `\t`,
   * `\r`, `\n`, `\uXXXX`. Returns the character it stands for, or undefined.
   */
  commonEscape(): string | undefined {
    if (this.peek() !== '\\') return undefined;
    const next = this.peek(1);
    if (next !== undefined && Object.hasOwn(escapedWhitespace, next)) {
      this.pos += 2;
      return escapedWhitespace[next];
    }
    if (next === 'u' && /^[0-9a-f]{4}$/i.test(this.text.slice(this.pos + 2, this.pos + 6))) {
      const char = String.fromCharCode(Number.parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
      this.pos += 6;
      return char;
    }
    return undefined;
  }

  /** The syntax error at the furthest failure, worded as Kibana's KQLSyntaxError. */
  error(): { offset: number; message: string } {
    const found = this.text[this.furthest];
    const expected = [...this.expected].sort().join(', ');
    return { offset: this.furthest, message: `Expected ${expected} but ${found === undefined ? 'end of input' : `"${found}"`} found.` };
  }
}
