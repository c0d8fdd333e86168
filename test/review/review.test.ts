// The review on a real git history: a base commit with several rules, then a branch that adds,
// edits, reformats, deletes, moves and re-identifies them. The replay runner is a fake here (the
// end-to-end test in review-command.test.ts uses the real one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleFile } from '../../scripts/rules/rule-file.js';
import { reviewChanges, type ReviewReport, type RuleReview } from '../../scripts/review/review.js';
import type { RuleTestRunner } from '../../scripts/review/rule-tests.js';
import { createRepository, readSeed, SEED_ID, SEED_PATH, seedVariant, type GitRepository } from './git-repository.js';

const ids = {
  added: '00000000-0000-4000-8000-00000000000a',
  reformatted: '00000000-0000-4000-8000-00000000000b',
  query: '00000000-0000-4000-8000-00000000000c',
  deleted: '00000000-0000-4000-8000-00000000000d',
  moved: '00000000-0000-4000-8000-00000000000e',
  reidentified: '00000000-0000-4000-8000-00000000000f',
  newId: '00000000-0000-4000-8000-000000000010',
  retired: '00000000-0000-4000-8000-000000000011',
  lowered: '00000000-0000-4000-8000-000000000012',
  kuery: '00000000-0000-4000-8000-000000000013',
};

const EXCLUSION = '  not winlog.event_data.PrivilegeList : "SeDebugPrivilege"]';

/** Rules with tests, and rules whose tests fail, as the fake replay harness reports them. */
function fakeRunner(tested: Set<string>, failing: Set<string>): { runner: RuleTestRunner; asked: string[] } {
  const asked: string[] = [];
  const runner: RuleTestRunner = async (rules: RuleFile[]) => {
    asked.push(...rules.map((rule) => rule.document.rule.rule_id));
    return {
      reports: rules.map((rule) => {
        const id = rule.document.rule.rule_id;
        return {
          rule_id: id,
          testFiles: tested.has(id) ? [`test/${id}.test.yaml`] : [],
          cases: tested.has(id) ? [{ name: 'alerts on the attack', passed: !failing.has(id), ...(failing.has(id) ? { error: 'expected 1 alert, got 0' } : {}) }] : [],
        };
      }),
      findings: [],
    };
  };
  return { runner, asked };
}

const lineOf = (text: string, pattern: RegExp): number => text.split('\n').findIndex((line) => pattern.test(line)) + 1;

describe('review of a branch on a real git repository', () => {
  let repo: GitRepository;
  let report: ReviewReport;
  let asked: string[];
  let seed: string;
  const rule = (id: string): RuleReview => {
    const found = report.rules.find((review) => review.rule_id === id || review.previousRuleId === id);
    if (!found) throw new Error(`no review of ${id}`);
    return found;
  };
  const codes = (id: string): string[] => rule(id).findings.map((finding) => finding.code);

  beforeAll(async () => {
    repo = await createRepository();
    seed = await readSeed();
    const variant = (id: string, name: string): string => seedVariant(seed, id, name);
    await repo.write(SEED_PATH, seed);
    await repo.write('rules/windows/reformatted.toml', variant(ids.reformatted, 'Reformatted'));
    await repo.write('rules/windows/query.toml', variant(ids.query, 'Query edited'));
    await repo.write('rules/windows/deleted.toml', variant(ids.deleted, 'Deleted'));
    await repo.write('rules/windows/moved.toml', variant(ids.moved, 'Moved'));
    await repo.write('rules/windows/reidentified.toml', variant(ids.reidentified, 'Re-identified'));
    await repo.write('rules/windows/retired.toml', variant(ids.retired, 'Retired').replace('maturity = "production"', 'maturity = "deprecated"'));
    await repo.write('rules/windows/lowered.toml', variant(ids.lowered, 'Lowered'));
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'change');

    await repo.write(SEED_PATH, seed.replace('severity = "medium"', 'severity = "high"'));
    await repo.write('rules/windows/reformatted.toml', variant(ids.reformatted, 'Reformatted').replace(' [any where event.action', '   [ any   where event.action').replace('"logged-in-special"  and', '"logged-in-special" and /* same */'));
    await repo.write('rules/windows/query.toml', variant(ids.query, 'Query edited').replace(EXCLUSION, '  true]').replace('updated_date = "2022/11/07"', 'updated_date = "2024/01/02"'));
    await repo.move('rules/windows/moved.toml', 'rules/lateral_movement/moved.toml');
    await repo.write('rules/windows/reidentified.toml', variant(ids.newId, 'Re-identified'));
    await repo.write('rules/windows/lowered.toml', variant(ids.lowered, 'Lowered').replace('version = 101', 'version = 100').replace('updated_date = "2022/11/07"', 'updated_date = "2024/01/02"'));
    repo.commit('edits');
    // Left in the working tree, uncommitted: a deletion, a deprecated rule's deletion, and a new untracked rule.
    await repo.remove('rules/windows/deleted.toml');
    await repo.remove('rules/windows/retired.toml');
    await repo.write('rules/linux/added.toml', variant(ids.added, 'Added'));
    // A KQL rule: the replay harness runs EQL only, so it is neither replayed nor asked for tests.
    await repo.write(
      'rules/linux/kuery.toml',
      variant(ids.kuery, 'KQL').replace('language = "eql"', 'language = "kuery"').replace('type = "eql"', 'type = "query"').replace(/query = '''[^]*?'''/, `query = 'event.action : "x"'`),
    );

    const fake = fakeRunner(new Set([SEED_ID, ids.query]), new Set([ids.query]));
    asked = fake.asked;
    report = await reviewChanges({ cwd: repo.dir, runTests: fake.runner, today: new Date('2024-03-04T00:00:00Z') });
  });
  afterAll(() => repo.dispose());

  it('compares with the merge base of main, by rule_id', () => {
    expect(report.base.ref).toBe('main');
    expect(report.base.commit).toBe(repo.git('rev-parse', 'main').trim());
    expect(report.rules.map((review) => [review.path, review.change])).toEqual([
      ['rules/lateral_movement/moved.toml', 'renamed'],
      ['rules/linux/added.toml', 'added'],
      ['rules/linux/kuery.toml', 'added'],
      [SEED_PATH, 'changed'],
      ['rules/windows/deleted.toml', 'removed'],
      ['rules/windows/lowered.toml', 'changed'],
      ['rules/windows/query.toml', 'changed'],
      ['rules/windows/reformatted.toml', 'reformatted'],
      ['rules/windows/reidentified.toml', 'rule-id-changed'],
      ['rules/windows/retired.toml', 'removed'],
    ]);
    expect(report.summary).toEqual({ added: 2, removed: 2, renamed: 1, changed: 4, errors: 8, warnings: 5 });
  });

  it('shows a severity change as a field diff and flags the unbumped version and updated_date on their lines', () => {
    const review = rule(SEED_ID);
    expect(review.fields.map((field) => `${field.path}: ${field.summary}`)).toEqual(['rule.severity: medium → high']);
    expect(review.query).toMatchObject({ changed: false, formattingOnly: false });
    expect(review.findings).toEqual([
      expect.objectContaining({ code: 'review.version-not-bumped', severity: 'error', file: SEED_PATH, line: lineOf(seed, /^version = 101$/), column: 1, path: 'rule.version', hint: 'run npm run version -- bump (or set version = 102)' }),
      expect.objectContaining({ code: 'review.updated-date-not-moved', severity: 'warning', line: lineOf(seed, /^updated_date = /), hint: 'run npm run version -- bump (or set updated_date = "2024/03/04")' }),
    ]);
  });

  it('sees no query change when only whitespace and comments moved', () => {
    const review = rule(ids.reformatted);
    expect(review.fields).toEqual([]);
    expect(review.query).toMatchObject({ changed: false, formattingOnly: true, diff: '', details: [] });
    expect(review.contentChanged).toBe(false);
    expect(review.findings).toEqual([]);
  });

  it('names the removed exclusion of a query change and flags the unbumped version and the failing tests', () => {
    const review = rule(ids.query);
    expect(review.query?.changed).toBe(true);
    expect(review.query?.details).toEqual([
      'sequence step 1 (iam): condition removed: `not winlog.event_data.PrivilegeList : "SeDebugPrivilege"`',
      'sequence step 1 (iam): condition added: `true`',
    ]);
    expect(review.query?.diff).toContain('+  [iam where event.action == "logged-in-special" and winlog.event_data.PrivilegeList : "SeBackupPrivilege" and true]');
    expect(codes(ids.query)).toEqual(['review.version-not-bumped', 'review.failing-tests']);
    expect(review.findings[1]).toMatchObject({ message: 'replay test "alerts on the attack" fails: expected 1 alert, got 0', path: 'rule.query' });
  });

  it('asks for tests of a new EQL rule, and replays only EQL rules whose content changed', () => {
    // A copy of the seed: its version and creation date give it away.
    expect(codes(ids.added)).toEqual(['review.missing-tests', 'review.added-creation-date', 'review.added-version']);
    expect(codes(ids.kuery)).toEqual(['review.added-creation-date', 'review.added-version']);
    expect(rule(ids.added).findings[0]?.hint).toContain('test/rules/linux/added.test.yaml');
    // Not the moved, reformatted or lowered rules (their rule fields other than version are as they were), nor the KQL rule.
    expect(asked.sort()).toEqual([SEED_ID, ids.added, ids.newId, ids.query].sort());
  });

  it('blocks deleting a rule that was not deprecated, and allows deleting a deprecated one', () => {
    expect(rule(ids.deleted).findings).toEqual([
      expect.objectContaining({ code: 'review.removed-without-deprecation', severity: 'error', file: 'rules/windows/deleted.toml', line: lineOf(seed, /^rule_id = /) }),
    ]);
    expect(rule(ids.retired).findings).toEqual([]);
  });

  it('reports a move as a rename without findings', () => {
    const review = rule(ids.moved);
    expect(review.previousPath).toBe('rules/windows/moved.toml');
    expect(review.fields).toEqual([]);
    expect(review.findings).toEqual([]);
    expect(review.tests).toBeNull();
  });

  it('flags a rule_id changed in place, and a lowered version', () => {
    expect(rule(ids.reidentified)).toMatchObject({ rule_id: ids.newId, previousRuleId: ids.reidentified });
    // The test file names the old rule_id, so the rule lost its tests too.
    expect(codes(ids.reidentified)).toEqual(['review.rule-id-changed', 'review.missing-tests']);
    expect(codes(ids.lowered)).toEqual(['review.version-lowered']);
    expect(rule(ids.lowered).findings[0]).toMatchObject({ message: 'version went down from 101 to 100', path: 'rule.version' });
  });
});

describe('review of files that do not load, and of a copied rule', () => {
  let repo: GitRepository;
  afterAll(() => repo.dispose());

  it('passes on load findings with their line, and keeps a copy with the same rule_id from passing for a rename', async () => {
    repo = await createRepository();
    const seed = await readSeed();
    await repo.write(SEED_PATH, seed);
    repo.commit('base');
    await repo.write(SEED_PATH, seed.replace('severity = "medium"', 'severity = "high"').replace('version = 101', 'version = 102'));
    await repo.write('rules/linux/copy.toml', seed);
    await repo.write('rules/linux/broken.toml', '[metadata]\ncreation_date = "2024/01/01"\n[rule\nname = "x"\n');

    const { runner } = fakeRunner(new Set([SEED_ID]), new Set());
    const report = await reviewChanges({ cwd: repo.dir, runTests: runner });
    expect(report.rules.map((review) => [review.path, review.change])).toEqual([
      ['rules/linux/copy.toml', 'added'],
      [SEED_PATH, 'changed'],
    ]);
    expect(report.findings).toEqual([expect.objectContaining({ code: 'load.toml', severity: 'error', file: 'rules/linux/broken.toml', line: 3 })]);
    expect(report.summary.errors).toBe(1);
  });
});
