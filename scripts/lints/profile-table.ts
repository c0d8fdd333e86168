// The table of docs/lints.md that says, for every lint, its severity under each profile and its
// elastic/detection-rules counterpart; a test checks the document against it.
import type { Lint } from './lint.js';

export function profileTableRow(lint: Lint): string {
  const strict = lint.strictSeverity ?? lint.defaultSeverity;
  return `| \`${lint.code}\` | ${lint.defaultSeverity} | ${strict} | ${lint.counterpart ? `\`${lint.counterpart}\`` : '(none)'} |`;
}
