// The review as plain text for a terminal: one block per changed rule, findings at file:line.
import { renderFindingText } from '../report/render.js';
import { countChanges, countFindings, describeChange } from './change-labels.js';
import type { ReviewReport } from './review.js';
import type { RuleSummary } from './rule-summary.js';

/** An added rule's facts, one per line; the query indented below. */
export function summaryLines(summary: RuleSummary): string[] {
  return [
    `type: ${summary.type}${summary.language ? ` (${summary.language})` : ''}, severity ${summary.severity}, risk ${summary.risk_score}`,
    `index: ${summary.index.length > 0 ? summary.index.join(', ') : '(none)'}`,
    `ATT&CK: ${summary.attack.length > 0 ? summary.attack.join('; ') : '(no mapping)'}`,
    ...(summary.query ? ['query:', ...summary.query.split('\n').map((line) => `  ${line}`)] : []),
  ];
}

const indent = (text: string, by: string): string => text.split('\n').map((line) => `${by}${line}`).join('\n');

export function reviewText(report: ReviewReport): string {
  const lines = [`rule changes since ${report.base.ref} (${report.base.commit.slice(0, 12)}): ${countChanges(report.summary)}`];
  lines.push(...report.findings.map(renderFindingText));
  for (const rule of report.rules) {
    lines.push('', `${rule.path}  (${rule.name})`, `  ${describeChange(rule)}`);
    if (rule.summary) lines.push(...summaryLines(rule.summary).map((line) => `    ${line}`));
    for (const field of rule.fields) {
      lines.push(`    ${field.path}: ${field.summary}`);
      if (field.diff) lines.push(indent(field.diff, '      '));
    }
    if (rule.query?.changed) {
      lines.push('    query:', ...rule.query.details.map((detail) => `      ${detail}`), indent(rule.query.diff, '      '));
    } else if (rule.query?.formattingOnly) lines.push('    query: formatting only (same syntax tree)');
    if (rule.tests) {
      const passed = rule.tests.cases.filter((testCase) => testCase.passed).length;
      lines.push(`    tests: ${rule.tests.testFiles.join(', ') || 'none'}: ${rule.tests.cases.length === 0 ? 'not run' : `${passed}/${rule.tests.cases.length} passed`}`);
    }
    for (const finding of rule.findings) lines.push(indent(renderFindingText(finding), '  '));
  }
  const all = [...report.findings, ...report.rules.flatMap((rule) => rule.findings)];
  lines.push('', `findings: ${countFindings(all)}`);
  return `${lines.join('\n')}\n`;
}
