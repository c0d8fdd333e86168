// The review of an added rule shows what it is (type, query, severity, risk, index, ATT&CK) and
// what validate says of it, lints included; a changed rule's lint results too.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewChanges, type ReviewReport } from '../../scripts/review/review.js';
import { reviewText } from '../../scripts/review/review-text.js';
import { reviewMarkdown } from '../../scripts/review/review-markdown.js';
import { findTests } from '../../scripts/review/rule-tests.js';
import { validateInRepository } from '../../scripts/review/rule-validation.js';
import { createRepository, readSeed, SEED_ID, SEED_PATH, seedVariant, type GitRepository } from './git-repository.js';

const ADDED = 'rules/windows/credential_access_copied.toml';
const ADDED_ID = '00000000-0000-4000-8000-0000000000a1';

describe('review of added and changed rules', () => {
  let repo: GitRepository;
  let report: ReviewReport;

  beforeAll(async () => {
    repo = await createRepository();
    const seed = await readSeed();
    await repo.write(SEED_PATH, seed);
    repo.commit('base');
    // A copied rule that fails a lint (risk score outside its severity band) and reuses the seed's name.
    await repo.write(ADDED, seedVariant(seed, ADDED_ID, 'Suspicious Remote Registry Access via SeBackupPrivilege').replace('risk_score = 47', 'risk_score = 90'));
    // A changed rule whose change breaks a lint: a tactic tag the mapping does not have.
    await repo.write(SEED_PATH, seed.replace('version = 101', 'version = 102').replace('"has_guide"]', '"has_guide", "Persistence"]').replace('updated_date = "2022/11/07"', 'updated_date = "2026/12/01"'));
    report = await reviewChanges({ cwd: repo.dir, runTests: findTests(path.join(repo.dir, 'test/rules')), validate: validateInRepository(repo.dir) });
  });
  afterAll(() => repo.dispose());

  it('summarizes the added rule', () => {
    const added = report.rules.find((rule) => rule.rule_id === ADDED_ID);
    expect(added?.summary).toEqual({
      type: 'eql',
      language: 'eql',
      query: expect.stringMatching(/^sequence by host.id/),
      severity: 'medium',
      risk_score: 90,
      index: ['winlogbeat-*', 'logs-system.*'],
      attack: ['TA0006 Credential Access', 'T1003 OS Credential Dumping', 'T1003.002 Security Account Manager', 'TA0008 Lateral Movement', 'T1021 Remote Services'],
    });
    expect(report.rules.find((rule) => rule.rule_id === SEED_ID)?.summary).toBeNull();
  });

  it("reports the added rule's lint errors, the uniqueness lints seeing the other rules, and the changed rule's", () => {
    const codes = (id: string) => report.rules.find((rule) => rule.rule_id === id)?.findings.map((finding) => finding.code);
    expect(codes(ADDED_ID)).toEqual(expect.arrayContaining(['lint.risk-severity', 'lint.unique-name', 'review.missing-tests']));
    expect(codes(SEED_ID)).toEqual(expect.arrayContaining(['lint.tactic-tags']));
    expect(codes(SEED_ID)).not.toContain('review.version-not-bumped');
  });

  it('prints the summary in text and Markdown', () => {
    const text = reviewText(report);
    expect(text).toContain('    type: eql (eql), severity medium, risk 90');
    expect(text).toContain('    ATT&CK: TA0006 Credential Access; T1003 OS Credential Dumping;');
    expect(text).toContain('      sequence by host.id, winlog.event_data.SubjectLogonId with maxspan=1m');
    expect(reviewMarkdown(report)).toContain('Type `eql` (`eql`) · severity `medium` · risk 90');
  });
});

describe('a rule copied from another one', () => {
  it('is flagged by its version and creation date; a rule from new rule is not', async () => {
    const repo = await createRepository();
    try {
      const seed = await readSeed();
      await repo.write(SEED_PATH, seed);
      repo.commit('base');
      const today = new Date('2026-12-01T00:00:00Z');
      await repo.write('rules/windows/copied.toml', seedVariant(seed, '00000000-0000-4000-8000-0000000000c1', 'Copied'));
      await repo.write(
        'rules/windows/fresh.toml',
        seedVariant(seed, '00000000-0000-4000-8000-0000000000c2', 'Fresh').replace('version = 101', 'version = 1').replace(/_date = "\d{4}\/\d{2}\/\d{2}"/g, '_date = "2026/11/30"'),
      );
      const report = await reviewChanges({ cwd: repo.dir, today, runTests: findTests(path.join(repo.dir, 'test/rules')) });
      const codes = (name: string) => report.rules.find((rule) => rule.name === name)?.findings.map((finding) => [finding.code, finding.hint]);
      expect(codes('Copied')).toEqual([
        ['review.missing-tests', expect.any(String)],
        ['review.added-creation-date', 'set creation_date and updated_date = "2026/12/01"'],
        ['review.added-version', 'set version = 1'],
      ]);
      expect(codes('Fresh')).toEqual([['review.missing-tests', expect.any(String)]]);
    } finally {
      await repo.dispose();
    }
  });
});
