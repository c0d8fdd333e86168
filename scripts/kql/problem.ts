// A problem found in a KQL query: what the parser and the checkers report. Positions are relative
// to the query text; the caller maps them into the rule file. The excerpt is EQL's, shared.
import { excerptAt, type Position } from '../eql/problem.js';

export interface KqlProblem {
  code: 'kql.syntax' | 'kql.field' | 'kql.type';
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

export function kqlProblem(code: KqlProblem['code'], text: string, position: Position, message: string, hint?: string): KqlProblem {
  return {
    code,
    severity: 'error',
    message,
    offset: position.offset,
    line: position.line,
    column: position.column,
    excerpt: excerptAt(text, position),
    ...(hint === undefined ? {} : { hint }),
  };
}

/** Offsets to 1-based lines and columns, for one text. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { offset, line: low + 1, column: offset - (this.starts[low] as number) + 1 };
  }
}
