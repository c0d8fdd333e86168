// Positions of keys, array items and strings in a TOML file. smol-toml gives values without
// positions, so this scanner reads the same text once more, only when a finding needs a line.
// It assumes the text already parsed: it never reports syntax errors of its own.
import type { FieldPath, RuleSource, SourcePosition } from './rule-file.js';
import { LineIndex } from '../report/line-index.js';

type StringKind = 'basic' | 'literal' | 'multiline-basic' | 'multiline-literal';

interface Written {
  /** Offset where the key (or array item) is written. */
  readonly at: number;
  /** For string values: where the content starts and how it is quoted. */
  readonly string?: { readonly contentStart: number; readonly kind: StringKind };
}

const pathKey = (path: FieldPath): string => path.join('\u0000');

class TomlScanner {
  private i = 0;
  readonly written = new Map<string, Written>();
  /** Current index of each array of tables, by its resolved path. */
  private readonly tableArrays = new Map<string, number>();

  constructor(private readonly text: string) {}

  scan(): void {
    let table: (string | number)[] = [];
    for (;;) {
      this.skipBlank(true);
      if (this.i >= this.text.length) return;
      const start = this.i;
      if (this.text[this.i] === '[') {
        const isArray = this.text[this.i + 1] === '[';
        this.i += isArray ? 2 : 1;
        const keys = this.readKey();
        this.i += isArray ? 2 : 1;
        table = this.resolveHeader(keys, isArray, start);
      } else {
        const keys = this.readKey();
        this.skipBlank(false);
        this.i += 1; // '='
        this.value([...table, ...keys], start);
      }
      this.skipToLineEnd();
    }
  }

  private resolveHeader(keys: string[], isArray: boolean, start: number): (string | number)[] {
    const resolved: (string | number)[] = [];
    // The key of the path so far, extended as it grows: re-joining it per key is quadratic
    // in a header's length, and a 100 KB header would take seconds.
    let id = '';
    const push = (part: string | number): void => {
      id = resolved.length === 0 ? String(part) : `${id}\u0000${part}`;
      resolved.push(part);
      // `[a.b]` defines table `a` too: a finding about `a` points at the first header that made it.
      if (!this.written.has(id)) this.written.set(id, { at: start });
    };
    keys.forEach((key, n) => {
      push(key);
      if (isArray && n === keys.length - 1) {
        const next = (this.tableArrays.get(id) ?? -1) + 1;
        this.tableArrays.set(id, next);
        push(next);
      } else if (this.tableArrays.has(id)) {
        push(this.tableArrays.get(id) as number);
      }
    });
    // The table the header defines is where it is written, even if a longer header came first.
    this.written.set(id, { at: start });
    return resolved;
  }

  private record(path: FieldPath, written: Written): void {
    this.written.set(pathKey(path), written);
  }

  private value(path: (string | number)[], at: number): void {
    this.skipBlank(false);
    const c = this.text[this.i];
    if (c === '"' || c === "'") {
      this.record(path, { at, string: this.readString() });
    } else if (c === '[') {
      this.record(path, { at });
      this.i += 1;
      for (let index = 0; ; index += 1) {
        this.skipBlank(true);
        if (this.text[this.i] === ']' || this.i >= this.text.length) break;
        this.value([...path, index], this.i);
        this.skipBlank(true);
        if (this.text[this.i] === ',') this.i += 1;
      }
      this.i += 1;
    } else if (c === '{') {
      this.record(path, { at });
      this.i += 1;
      for (;;) {
        this.skipBlank(false);
        if (this.text[this.i] === '}' || this.i >= this.text.length) break;
        const keyStart = this.i;
        const keys = this.readKey();
        this.skipBlank(false);
        this.i += 1; // '='
        this.value([...path, ...keys], keyStart);
        this.skipBlank(false);
        if (this.text[this.i] === ',') this.i += 1;
      }
      this.i += 1;
    } else {
      this.record(path, { at });
      while (this.i < this.text.length && !',]}\n#'.includes(this.text[this.i] as string)) this.i += 1;
    }
  }

  private readString(): Written['string'] & object {
    const quote = this.text[this.i] as '"' | "'";
    const triple = this.text.startsWith(quote.repeat(3), this.i);
    const kind: StringKind = triple
      ? quote === '"' ? 'multiline-basic' : 'multiline-literal'
      : quote === '"' ? 'basic' : 'literal';
    this.i += triple ? 3 : 1;
    // A newline right after the opening delimiter is not part of a multi-line string.
    if (triple && this.text[this.i] === '\n') this.i += 1;
    else if (triple && this.text.startsWith('\r\n', this.i)) this.i += 2;
    const contentStart = this.i;
    const close = triple ? quote.repeat(3) : quote;
    while (this.i < this.text.length && !this.text.startsWith(close, this.i)) {
      this.i += quote === '"' && this.text[this.i] === '\\' ? 2 : 1;
    }
    this.i += close.length;
    // Up to two quotes may directly precede the closing delimiter of a multi-line string.
    while (triple && this.text[this.i] === quote) this.i += 1;
    return { contentStart, kind };
  }

  private readKey(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipBlank(false);
      const c = this.text[this.i];
      if (c === '"' || c === "'") {
        const start = this.i + 1;
        this.readString();
        keys.push(this.text.slice(start, this.i - 1));
      } else {
        const start = this.i;
        while (this.i < this.text.length && /[A-Za-z0-9_-]/.test(this.text[this.i] as string)) this.i += 1;
        keys.push(this.text.slice(start, this.i));
      }
      this.skipBlank(false);
      if (this.text[this.i] !== '.') return keys;
      this.i += 1;
    }
  }

  private skipBlank(newlines: boolean): void {
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) this.i += 1;
      else if (c === '#') this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    while (this.i < this.text.length && this.text[this.i] !== '\n') this.i += 1;
  }

  private skipToLineEnd(): void {
    this.skipBlank(false);
    while (this.i < this.text.length && this.text[this.i] !== '\n') this.i += 1;
  }
}

/** A line-ending backslash of a multi-line basic string: it and the blanks after it decode to nothing. */
const lineEndingBackslash = /\\[ \t]*\r?\n[ \t\r\n]*/y;

/** Length in source characters of the first `decoded` characters of a basic string's content. */
function basicStringSourceLength(text: string, start: number, decoded: number): number {
  let i = start;
  for (let n = 0; i < text.length; n += 1) {
    // Skipped before the count is checked: the character at `decoded` comes after the break.
    lineEndingBackslash.lastIndex = i;
    if (lineEndingBackslash.test(text)) i = lineEndingBackslash.lastIndex;
    if (n === decoded) break;
    const escape = text[i] === '\\' ? text[i + 1] : undefined;
    i += escape === undefined ? 1 : escape === 'u' ? 6 : escape === 'U' ? 10 : escape === 'x' ? 4 : 2;
  }
  return i - start;
}

export function createTomlSource(file: string, text: string): RuleSource {
  const lines = new LineIndex(text);
  let scanned: Map<string, Written> | undefined;
  const written = (): Map<string, Written> => {
    if (!scanned) {
      const scanner = new TomlScanner(text);
      scanner.scan();
      scanned = scanner.written;
    }
    return scanned;
  };
  const nearest = (path: FieldPath): Written | undefined => {
    for (let n = path.length; n > 0; n -= 1) {
      const found = written().get(pathKey(path.slice(0, n)));
      if (found) return found;
    }
    return undefined;
  };
  return {
    file,
    format: 'toml',
    text,
    locate: (path) => {
      // What has no written ancestor (a key missing from the document itself) is at the top.
      return lines.position(nearest(path)?.at ?? 0);
    },
    locateInString: (path, offset): SourcePosition | undefined => {
      const found = written().get(pathKey(path));
      if (!found?.string) return found ? lines.position(found.at) : undefined;
      const { contentStart, kind } = found.string;
      const length = kind.endsWith('literal') ? offset : basicStringSourceLength(text, contentStart, offset);
      return lines.position(contentStart + length);
    },
  };
}
