// At most a fixed number of findings per file: a generated or hostile file with a million problems
// gives a readable report, not hundreds of megabytes. The rest are counted in one last finding.
import type { Finding } from './finding.js';

export const MAX_FINDINGS_PER_FILE = 100;

/** `findings` (of one file, in report order) cut to the cap, plus one finding that counts the rest. */
export function capFindings(findings: readonly Finding[], file: string, cap = MAX_FINDINGS_PER_FILE): Finding[] {
  if (findings.length <= cap) return [...findings];
  const rest = findings.slice(cap);
  const errors = rest.filter((finding) => finding.severity === 'error').length;
  return [
    ...findings.slice(0, cap),
    {
      code: 'report.truncated',
      // An error when errors were left out, so the file's verdict does not change.
      severity: errors > 0 ? 'error' : 'warning',
      message: `${rest.length} more finding${rest.length === 1 ? '' : 's'} in this file (${errors} error${errors === 1 ? '' : 's'}) not shown; at most ${cap} are reported per file`,
      file,
      hint: 'fix the findings above and run again',
    },
  ];
}
