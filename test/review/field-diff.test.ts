import { describe, expect, it } from 'vitest';
import { diffFields } from '../../scripts/review/field-diff.js';

describe('diffFields', () => {
  it('lists every changed path with old → new, leaving out skipped fields', () => {
    const before = { rule: { severity: 'medium', risk_score: 47, query: 'a', threat: [{ tactic: { id: 'TA0006' } }] }, metadata: { maturity: 'production' } };
    const after = { rule: { severity: 'high', risk_score: 73, query: 'b', threat: [{ tactic: { id: 'TA0008' } }], enabled: false }, metadata: {} };
    expect(diffFields(before, after, [['rule', 'query']]).map((change) => [change.path, change.kind, change.summary])).toEqual([
      ['metadata.maturity', 'removed', 'removed (was production)'],
      ['rule.enabled', 'added', 'added: false'],
      ['rule.risk_score', 'changed', '47 → 73'],
      ['rule.severity', 'changed', 'medium → high'],
      ['rule.threat[0].tactic.id', 'changed', 'TA0006 → TA0008'],
    ]);
  });

  it('compares lists of values as sets', () => {
    expect(diffFields({ tags: ['Windows', 'Host'] }, { tags: ['Host', 'Linux'] })[0]?.summary).toBe('+ "Linux", - "Windows"');
    expect(diffFields({ tags: ['a', 'b'] }, { tags: ['b', 'a'] })[0]?.summary).toBe('reordered');
  });

  it('summarises long text by its line count and keeps a unified diff', () => {
    const note = '## Triage\n\n- step one\n- step two\n';
    const [change] = diffFields({ note }, { note: note.replace('step two', 'step 2') });
    expect(change?.summary).toBe('changed (4 lines)');
    expect(change?.diff).toBe('@@ -1,5 +1,5 @@\n ## Triage\n \n - step one\n-- step two\n+- step 2\n ');
  });
});
