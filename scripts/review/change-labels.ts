// How a rule change is named in every output: the change kind in words and the short list of
// what changed, for the summary table and the text report.
import { inDeprecatedFolder } from '../rules/deprecated.js';
import type { RuleReview } from './review.js';

const changeWords: Record<RuleReview['change'], string> = {
  added: 'added',
  removed: 'removed',
  renamed: 'renamed',
  changed: 'changed',
  'rule-id-changed': 'rule_id changed',
  reformatted: 'formatting only',
};

/** The change deprecates a live rule: maturity set to "deprecated", or the file moved under _deprecated/. */
function deprecates(rule: RuleReview): boolean {
  const maturity = rule.fields.find((field) => field.path === 'metadata.maturity');
  return maturity?.after === 'deprecated' || (rule.previousPath !== null && !inDeprecatedFolder(rule.previousPath) && inDeprecatedFolder(rule.path));
}

/** `changed: severity, query`; `renamed from rules/a.toml`; `formatting only`; `deprecated: maturity`. */
export function describeChange(rule: RuleReview): string {
  const what = [...new Set(rule.fields.map((field) => field.path.replace(/^(rule|metadata)\./, '').replace(/[.[].*$/, '')))];
  if (rule.query?.changed) what.push('query');
  const words = deprecates(rule) ? 'deprecated' : changeWords[rule.change];
  const from = rule.previousPath ? ` from ${rule.previousPath}` : '';
  return what.length > 0 && rule.change !== 'rule-id-changed' ? `${words}${from}: ${what.join(', ')}` : `${words}${from}`;
}

/** `1 error, 2 warnings`, or `none`. */
export function countFindings(findings: readonly { severity: string }[]): string {
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  const parts = [
    ...(errors > 0 ? [`${errors} error${errors === 1 ? '' : 's'}`] : []),
    ...(warnings > 0 ? [`${warnings} warning${warnings === 1 ? '' : 's'}`] : []),
  ];
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** `2 changed, 1 added`, in a fixed order, leaving out zeros. */
export function countChanges(summary: { added: number; removed: number; renamed: number; changed: number }): string {
  const parts = (['changed', 'added', 'renamed', 'removed'] as const).filter((kind) => summary[kind] > 0).map((kind) => `${summary[kind]} ${kind}`);
  return parts.length > 0 ? parts.join(', ') : 'no rule changes';
}
