// The review of a branch's rule changes: what each changed rule means for detection (field
// diff, query diff on the syntax tree) and what is wrong with the change (findings).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isError, type Finding } from '../report/finding.js';
import type { RuleFile } from '../rules/rule-file.js';
import { isTestFileOf, testFileFor } from '../testing/test-file.js';
import { changesSinceBase, type ChangeQuery } from './changed.js';
import { diffFields, type FieldChange } from './field-diff.js';
import { compareQueries, type QueryChange } from './query-diff.js';
import { queryLanguage } from '../rules/query-check.js';
import { changeFindings, findingAt, isDeprecated } from './review-findings.js';
import { pairRules, type RuleChangeKind, type RulePair } from './rule-pairs.js';
import { loadRuleSnapshots } from './rule-snapshots.js';
import { summarizeRule, type RuleSummary } from './rule-summary.js';
import type { ReviewTestReport, RuleTestRunner } from './rule-tests.js';
import type { RuleValidator } from './rule-validation.js';
import { readVersionLocks } from './version-locks.js';

/** rule_ids listed here (an object keyed by rule_id, as in detection-rules) may be deleted outright. */
export const DEPRECATION_RECORD = 'deprecated_rules.json';

/** `reformatted`: the file changed, but no field and no formatted query did. */
export type ReviewChange = RuleChangeKind | 'reformatted';

export interface RuleReview {
  readonly rule_id: string;
  readonly name: string;
  readonly change: ReviewChange;
  /** Where the rule is now; for a removed rule, where it was. Relative to the repository root. */
  readonly path: string;
  readonly previousPath: string | null;
  readonly previousRuleId: string | null;
  /** A field of `rule` other than version changed, or the query did once formatted. */
  readonly contentChanged: boolean;
  /** Changed fields, the query aside. */
  readonly fields: FieldChange[];
  /** The query comparison, when either side has a query. */
  readonly query: QueryChange | null;
  /** For an added rule: what it searches, its severity and ATT&CK mapping; null otherwise. */
  readonly summary: RuleSummary | null;
  /** The replay tests run for this rule; null when none were run (unchanged content, deprecated, removed). */
  readonly tests: ReviewTestReport | null;
  readonly findings: Finding[];
}

export interface ReviewReport {
  readonly base: { readonly ref: string; readonly commit: string };
  readonly rules: RuleReview[];
  /** Changed rule files that do not load, as `validate` reports them, and problems of their test files. */
  readonly findings: Finding[];
  readonly summary: {
    readonly added: number;
    readonly removed: number;
    readonly renamed: number;
    readonly changed: number;
    readonly errors: number;
    readonly warnings: number;
  };
}

export interface ReviewOptions extends ChangeQuery {
  /** Runs the replay tests of the EQL rules whose content changed. */
  readonly runTests: RuleTestRunner;
  /** Validates the added and changed rules as `validate` does (query check, lints); default: not at all. */
  readonly validate?: RuleValidator;
  /** The date suggested for updated_date; default now. */
  readonly today?: Date;
}

async function readDeprecationRecord(root: string): Promise<Set<string>> {
  try {
    const record = JSON.parse(await readFile(path.join(root, DEPRECATION_RECORD), 'utf8')) as unknown;
    return new Set(typeof record === 'object' && record !== null && !Array.isArray(record) ? Object.keys(record) : []);
  } catch {
    return new Set();
  }
}

/** What changed between the two sides of a pair; `anyFieldChanged` counts metadata too (updated_date aside). */
export function compareRulePair(pair: RulePair): Omit<RuleReview, 'tests' | 'findings' | 'summary'> & { anyFieldChanged: boolean } {
  const { before, after } = pair;
  const current = (after ?? before) as RuleFile;
  const fields = pair.change === 'added' || pair.change === 'removed' ? [] : diffFields(before?.document, after?.document, [['rule', 'query']]);
  const beforeQuery = before?.document.rule.query;
  const afterQuery = after?.document.rule.query;
  const query =
    pair.change === 'added' || pair.change === 'removed' || (beforeQuery === undefined && afterQuery === undefined) ? null : compareQueries(beforeQuery, afterQuery, queryLanguage((after ?? before)!.document.rule));
  const contentChanged =
    pair.change === 'added' || Boolean(query?.changed) || fields.some((field) => field.fieldPath[0] === 'rule' && field.path !== 'rule.version');
  const anyFieldChanged = Boolean(query?.changed) || fields.some((field) => field.path !== 'metadata.updated_date');
  const change: ReviewChange = pair.change === 'changed' && fields.length === 0 && !query?.changed ? 'reformatted' : pair.change;
  return {
    rule_id: current.document.rule.rule_id,
    name: current.document.rule.name,
    change,
    path: current.file,
    previousPath: before && after && before.file !== after.file ? before.file : null,
    previousRuleId: pair.change === 'rule-id-changed' && before ? before.document.rule.rule_id : null,
    contentChanged,
    fields,
    query,
    anyFieldChanged,
  };
}

function testFindings(rule: RuleFile, added: boolean, report: ReviewTestReport | undefined): Finding[] {
  if (!report || report.testFiles.length === 0) {
    return [
      findingAt(
        rule,
        ['rule', 'rule_id'],
        'review.missing-tests',
        'error',
        `${added ? 'new' : 'changed'} rule has no replay tests`,
        `add ${testFileFor(rule.file)} with a case that alerts and one that does not`,
      ),
    ];
  }
  return report.cases
    .filter((testCase) => !testCase.passed)
    .map((testCase) =>
      findingAt(
        rule,
        ['rule', 'query'],
        'review.failing-tests',
        'error',
        `replay test "${testCase.name}" fails${testCase.error ? `: ${testCase.error}` : ''}`,
        `run npm run test:rules -- ${rule.file} and fix the rule or ${report.testFiles.join(', ')}`,
      ),
    );
}

const bySeverityThenLine = (a: Finding, b: Finding): number =>
  Number(isError(b)) - Number(isError(a)) || (a.line ?? 0) - (b.line ?? 0);

export async function reviewChanges(options: ReviewOptions): Promise<ReviewReport> {
  const { root, base, changes } = await changesSinceBase(options);
  const snapshots = await loadRuleSnapshots(root, base.commit, changes);
  const deprecationRecord = await readDeprecationRecord(root);
  const locks = await readVersionLocks(root, base.commit);
  const today = options.today ?? new Date();

  const compared = pairRules(snapshots.before, snapshots.after).map((pair) => ({ pair, ...compareRulePair(pair) }));
  // The replay harness runs EQL rules; deprecated rules are on their way out.
  const needTests = compared.filter(
    ({ pair, contentChanged }) => pair.after && contentChanged && pair.after.document.rule.language === 'eql' && !isDeprecated(pair.after),
  );
  const testRun = needTests.length > 0 ? await options.runTests(needTests.map(({ pair }) => pair.after as RuleFile)) : { reports: [], findings: [] };
  const testsById = new Map(testRun.reports.map((report) => [report.rule_id, report]));
  // Problems of the reviewed rules' own test files (bad YAML, schema); the others are not this change's.
  const testFileFindings = testRun.findings.filter((finding) => needTests.some(({ pair }) => isTestFileOf(finding.file, (pair.after as RuleFile).file)));

  // Added and changed rules are validated as `validate` would (a reformatted or removed one is not this change's).
  const validated = compared.filter(({ pair, change }) => pair.after && change !== 'reformatted').map(({ pair }) => pair.after as RuleFile);
  const validation = options.validate ? await options.validate(validated) : [];

  const rules = compared.map(({ pair, anyFieldChanged, ...review }): RuleReview => {
    const tested = needTests.some((entry) => entry.pair === pair);
    const tests = tested ? (testsById.get(review.rule_id) ?? null) : null;
    const findings = [
      ...changeFindings({
        pair,
        contentChanged: review.contentChanged,
        anyFieldChanged,
        deprecationRecord,
        lockedVersion: { before: locks.before.get(review.rule_id), now: locks.now.get(review.rule_id) },
        today,
      }),
      ...validation.filter((finding) => pair.after && review.change !== 'reformatted' && finding.file === pair.after.file),
      ...(tested ? testFindings(pair.after as RuleFile, pair.change === 'added', tests ?? undefined) : []),
    ].sort(bySeverityThenLine);
    return { ...review, summary: pair.change === 'added' && pair.after ? summarizeRule(pair.after) : null, tests, findings };
  });

  const general = [...snapshots.findings, ...testFileFindings];
  const all = [...general, ...rules.flatMap((rule) => rule.findings)];
  const count = (change: ReviewChange): number => rules.filter((rule) => rule.change === change).length;
  return {
    base,
    rules,
    findings: general,
    summary: {
      added: count('added'),
      removed: count('removed'),
      renamed: count('renamed'),
      changed: count('changed') + count('rule-id-changed'),
      errors: all.filter(isError).length,
      warnings: all.filter((finding) => finding.severity === 'warning').length,
    },
  };
}
