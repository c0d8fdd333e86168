// Markdown output escapes everything that came from a rule (issue 13).
import { describe, expect, it } from 'vitest';
import { reviewMarkdown } from '../../scripts/review/review-markdown.js';
import type { ReviewReport, RuleReview } from '../../scripts/review/review.js';

const HOSTILE = 'Evil</summary></details></table><img src=x onerror=alert(1)> | [link](http://x) **bold**';

const rule = {
  rule_id: 'r1',
  name: HOSTILE,
  change: 'added',
  path: 'rules/a|b.toml',
  previousPath: null,
  previousRuleId: null,
  contentChanged: true,
  fields: [{ path: 'rule.description', summary: HOSTILE }],
  query: null,
  tests: null,
  findings: [{ code: 'lint.x', severity: 'warning', message: HOSTILE, file: 'rules/a|b.toml', hint: '<script>' }],
} as unknown as RuleReview;

const report = {
  base: { ref: 'main', commit: '0123456789abcdef' },
  rules: [rule],
  findings: [],
  summary: { added: 1, removed: 0, renamed: 0, changed: 0, errors: 0, warnings: 1 },
} as ReviewReport;

describe('review --format markdown', () => {
  it('leaves no HTML, link or table break from a rule name, field or finding', () => {
    const markdown = reviewMarkdown(report);
    expect(markdown).not.toMatch(/<img|<\/table>|<script>|\]\(http/);
    expect(markdown.match(/<\/details>/g)).toHaveLength(1);
    expect(markdown.match(/<\/summary>/g)).toHaveLength(1);
    // Every table row keeps its three cells.
    for (const row of markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))) {
      expect(row.split(/(?<!\\)\|/).length - 2, row).toBe(row.startsWith('| Field') || row.includes('rule.description') ? 2 : 3);
    }
  });
});
