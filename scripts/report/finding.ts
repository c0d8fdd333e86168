// A finding is one problem found in one file: the data every stage (load, schema, eql, lint,
// test, review) reports, and every output format (text, json, github) renders.

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Dotted code whose first part names the stage: `load.toml`, `schema.enum`, `eql.syntax`, `lint.risk-severity`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The file the finding is about, relative to the working directory where possible. */
  readonly file: string;
  /** 1-based line and column in `file`, when known. */
  readonly line?: number;
  readonly column?: number;
  /** The rule field concerned, as a dotted path (`rule.risk_score`, `rule.threat[0].tactic.id`). */
  readonly path?: string;
  /** What to do about it. */
  readonly hint?: string;
  /** The source line with a caret under the column (query problems), printed below the message. */
  readonly excerpt?: string;
}

export const isError = (finding: Finding): boolean => finding.severity === 'error';
