// A problem found in an ES|QL query: the same shape as the EQL front end's, so that validate
// places both at the rule file's line and column the same way.
import { excerptAt, type Position } from '../eql/problem.js';
import { LineIndex } from '../rules/line-index.js';

export interface EsqlProblem {
  code: 'esql.syntax' | 'esql.field' | 'esql.type' | 'esql.function';
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

/** Problems placed by line and column in one query text. */
export class QueryText {
  private readonly lines: LineIndex;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  position(offset: number): Position {
    return { offset, ...this.lines.position(offset) };
  }

  problem(code: EsqlProblem['code'], offset: number, message: string, hint?: string, severity: EsqlProblem['severity'] = 'error'): EsqlProblem {
    const position = this.position(offset);
    return {
      code,
      severity,
      message,
      offset,
      line: position.line,
      column: position.column,
      excerpt: excerptAt(this.text, position),
      ...(hint !== undefined ? { hint } : {}),
    };
  }
}
