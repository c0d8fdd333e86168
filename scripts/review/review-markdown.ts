// The review as GitHub-flavoured Markdown for a pull-request comment and $GITHUB_STEP_SUMMARY:
// a summary table first, then one folded <details> block per rule. The hidden marker lets the
// workflow find its own comment and update it instead of adding another.
import type { Finding } from '../report/finding.js';
import { countChanges, countFindings, describeChange } from './change-labels.js';
import type { ReviewReport, RuleReview } from './review.js';

export const REVIEW_MARKER = '<!-- rules-review -->';

/** GitHub refuses comments over 65,536 characters; the details are cut before that. */
const MAX_LENGTH = 60_000;

/** Inline code that survives backticks inside: a fence one longer than the longest run. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/**
 * Text from a rule as inert Markdown and HTML: every character that could start a tag, a link,
 * emphasis, code or a table cell becomes an entity, which reads the same whether GitHub renders the
 * spot as Markdown (a table cell) or as HTML (inside <summary>). One line.
 */
const inline = (text: string): string => text.replace(/[&<>"'\\`*_[\]()!~#|]/g, (ch) => `&#${ch.charCodeAt(0)};`).replace(/\r?\n/g, ' ');
/** A table cell: a `|` ends it even inside inline code. */
const cell = (markdown: string): string => markdown.replace(/(?<!\\)\|/g, '\\|').replace(/\r?\n/g, ' ');

function fencedDiff(diff: string): string {
  const longest = Math.max(2, ...(diff.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}diff\n${diff}\n${fence}`;
}

function findingLine(finding: Finding): string {
  const where = finding.line === undefined ? '' : ` (line ${finding.line})`;
  const hint = finding.hint ? ` — ${inline(finding.hint)}` : '';
  return `- **${finding.severity}** ${code(finding.code)}${where}: ${inline(finding.message)}${hint}`;
}

function ruleDetails(rule: RuleReview): string {
  const parts = [
    `<details><summary><b>${inline(rule.name)}</b> — ${inline(describeChange(rule))}</summary>`,
    '',
    `${code(rule.path)} · rule_id ${code(rule.rule_id)}${rule.previousRuleId ? ` (was ${code(rule.previousRuleId)})` : ''}`,
  ];
  if (rule.summary) {
    const { type, language, severity, risk_score: risk, index, attack, query } = rule.summary;
    parts.push('', `Type ${code(type)}${language ? ` (${code(language)})` : ''} · severity ${code(severity)} · risk ${risk} · index ${index.map(code).join(', ') || 'none'}`, '', `ATT&CK: ${attack.map(code).join(', ') || 'no mapping'}`);
    if (query) parts.push('', fencedDiff(query.split('\n').map((line) => `+${line}`).join('\n')));
  }
  if (rule.findings.length > 0) parts.push('', '**Findings**', '', ...rule.findings.map(findingLine));
  if (rule.fields.length > 0) {
    parts.push('', '| Field | Change |', '| --- | --- |', ...rule.fields.map((field) => `| ${cell(code(field.path))} | ${inline(field.summary)} |`));
    for (const field of rule.fields.filter((field) => field.diff)) parts.push('', `${code(field.path)}:`, '', fencedDiff(field.diff as string));
  }
  if (rule.query?.changed) {
    parts.push('', '**Query**', '', ...rule.query.details.map((detail) => `- ${inline(detail)}`), '', fencedDiff(rule.query.diff));
  } else if (rule.query?.formattingOnly) parts.push('', 'Query: formatting only (the same syntax tree).');
  if (rule.tests) {
    const passed = rule.tests.cases.filter((testCase) => testCase.passed).length;
    parts.push('', `Tests: ${rule.tests.testFiles.length > 0 ? rule.tests.testFiles.map(code).join(', ') : 'none'}, ${rule.tests.cases.length === 0 ? 'not run' : `${passed}/${rule.tests.cases.length} passed`}`);
  }
  parts.push('', '</details>');
  return parts.join('\n');
}

export function reviewMarkdown(report: ReviewReport): string {
  const all = [...report.findings, ...report.rules.flatMap((rule) => rule.findings)];
  const head = [
    REVIEW_MARKER,
    `### Rule review: ${countChanges(report.summary)} since ${code(report.base.ref)} (${report.base.commit.slice(0, 12)})`,
    '',
    `Findings: ${countFindings(all)}`,
  ];
  if (report.rules.length > 0) {
    head.push(
      '',
      '| Rule | Change | Findings |',
      '| --- | --- | --- |',
      ...report.rules.map((rule) => `| ${inline(rule.name)}<br>${cell(code(rule.path))} | ${inline(describeChange(rule))} | ${countFindings(rule.findings)} |`),
    );
  }
  if (report.findings.length > 0) head.push('', '**Files that do not load** (see `npm run validate`)', '', ...report.findings.map(findingLine));
  let text = head.join('\n');
  const details = report.rules.map(ruleDetails);
  for (const [index, block] of details.entries()) {
    if (text.length + block.length + 2 > MAX_LENGTH) {
      text += `\n\n_Details of ${details.length - index} more rule${details.length - index === 1 ? '' : 's'} left out to fit a comment: run \`npm run review\` locally._`;
      break;
    }
    text += `\n\n${block}`;
  }
  return `${text}\n`;
}
