// The one JSON convention of every command's `--format json`: a `format_version` first, snake_case
// keys, and problems always under `findings`, each
// `{ code, severity, message, path, line, column, field, hint, excerpt }` where `path` is the file
// and `field` the rule field concerned. Each command's shape is a JSON Schema in schemas/output/.
import type { Finding } from './finding.js';

/** Raised when a shape changes incompatibly; consumers check it before reading the rest. */
export const FORMAT_VERSION = 1;

export interface FindingJson {
  readonly code: string;
  readonly severity: Finding['severity'];
  readonly message: string;
  /** The file the finding is about. */
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
  /** The rule field concerned, dotted: `rule.risk_score`. */
  readonly field: string | null;
  readonly hint: string | null;
  /** The source line with a caret under the column, when the finding has one. */
  readonly excerpt: string | null;
}

export function findingJson(finding: Finding): FindingJson {
  return {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    path: finding.file,
    line: finding.line ?? null,
    column: finding.column ?? null,
    field: finding.path ?? null,
    hint: finding.hint ?? null,
    excerpt: finding.excerpt ?? null,
  };
}

export const findingsJson = (findings: readonly Finding[]): FindingJson[] => findings.map(findingJson);

/** Writes one JSON document to stdout, pretty-printed, newline-terminated. */
export function writeJson(value: object): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A command's failure before it has results (usage or environment, exit 2), as JSON. */
export function errorJson(code: string, message: string): object {
  return { format_version: FORMAT_VERSION, error: { code, message }, findings: [] };
}
