// A problem found in a query, as every query front end (EQL, KQL, ES|QL) reports it: positions
// relative to the query text, with the source line and a caret; the caller maps them into the file.
import { LineIndex } from './line-index.js';

export interface QueryProblem<Code extends string = string> {
  code: Code;
  severity: 'error' | 'warning';
  message: string;
  /** 0-based offset into the query text. */
  offset: number;
  /** 1-based line and column in the query text. */
  line: number;
  column: number;
  /** The source line with a caret under the column. */
  excerpt: string;
  hint?: string;
}

/** Where a problem is: an offset with its 1-based line and column. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

// Long single-line queries are common in rules; show a window around the column instead.
const excerptWidth = 100;

/** The line of `text` containing `position`, with a caret line under its column. */
export function excerptAt(text: string, position: Position): string {
  let start = position.offset - (position.column - 1);
  if (start < 0) start = 0;
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  let line = text.slice(start, end).replace(/\r$/, '').replace(/\t/g, ' ');
  let caret = position.column - 1;
  if (line.length > excerptWidth) {
    const from = Math.max(0, Math.min(caret - excerptWidth / 2, line.length - excerptWidth));
    const prefix = from > 0 ? '…' : '';
    const suffix = from + excerptWidth < line.length ? '…' : '';
    line = prefix + line.slice(from, from + excerptWidth) + suffix;
    caret = caret - from + prefix.length;
  }
  return `${line}\n${' '.repeat(Math.max(0, caret))}^`;
}

export function problemAt<Code extends string>(code: Code, text: string, position: Position, message: string, hint?: string, severity: QueryProblem['severity'] = 'error'): QueryProblem<Code> {
  return {
    code,
    severity,
    message,
    offset: position.offset,
    line: position.line,
    column: position.column,
    excerpt: excerptAt(text, position),
    ...(hint === undefined ? {} : { hint }),
  };
}

/** One query text, its problems placed by offset. */
export class QueryText {
  private readonly lines: LineIndex;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  position(offset: number): Position {
    return { offset, ...this.lines.position(offset) };
  }

  problem<Code extends string>(code: Code, offset: number, message: string, hint?: string, severity: QueryProblem['severity'] = 'error'): QueryProblem<Code> {
    return problemAt(code, this.text, this.position(offset), message, hint, severity);
  }
}
