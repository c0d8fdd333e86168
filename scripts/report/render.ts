// Renders findings for people (text) and for GitHub Actions (workflow annotations).
import type { Finding } from './finding.js';

export type OutputFormat = 'text' | 'json' | 'github';

const where = (finding: Finding): string =>
  finding.line === undefined ? finding.file : `${finding.file}:${finding.line}:${finding.column ?? 1}`;

const headline = (finding: Finding): string => `${where(finding)}: ${finding.severity} ${finding.code}: ${finding.message}`;

/** A finding for a terminal: its headline, and its hint on an indented line of its own. */
export function renderFindingText(finding: Finding): string {
  const excerpt = finding.excerpt ? `\n${finding.excerpt}` : '';
  const hint = finding.hint ? `\n    hint: ${finding.hint}` : '';
  return `${headline(finding)}${excerpt}${hint}`;
}

/** A finding on one line, its hint in parentheses: for messages that carry several findings joined. */
export function renderFindingLine(finding: Finding): string {
  return finding.hint ? `${headline(finding)} (${finding.hint})` : headline(finding);
}

// GitHub's workflow-command escaping: data escapes %, CR and LF; properties also : and ,.
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

const annotationLevel = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function renderFindingGithub(finding: Finding): string {
  const properties = [`file=${escapeProperty(finding.file)}`];
  if (finding.line !== undefined) properties.push(`line=${finding.line}`, `col=${finding.column ?? 1}`);
  properties.push(`title=${escapeProperty(finding.code)}`);
  const message = finding.hint ? `${finding.message} (${finding.hint})` : finding.message;
  return `::${annotationLevel[finding.severity]} ${properties.join(',')}::${escapeData(message)}`;
}
