// What the review needs from the replay harness: run the tests of some rules and say, per rule,
// which test files name it and which cases pass. Injected, so the review's own tests can run
// without a replay engine; `replayTests` is the real one, on the embedded engine.
import type { Finding } from '../report/finding.js';
import type { RuleFile } from '../rules/rule-file.js';
import { createEmbeddedBackend } from '../testing/embedded-backend.js';
import { loadTestFiles, runRuleTests } from '../testing/run-tests.js';

export interface ReviewTestReport {
  readonly rule_id: string;
  /** The test files that name the rule; empty when it has none. */
  readonly testFiles: readonly string[];
  readonly cases: readonly { readonly name: string; readonly passed: boolean; readonly error?: string }[];
}

export type RuleTestRunner = (rules: RuleFile[]) => Promise<{ reports: readonly ReviewTestReport[]; findings: readonly Finding[] }>;

/** Replays the rules' tests from `testsDir` on the embedded engine. */
export function replayTests(testsDir: string): RuleTestRunner {
  return async (rules) => {
    const backend = createEmbeddedBackend();
    try {
      return await runRuleTests(rules, { backend, testsDir });
    } finally {
      await backend.close();
    }
  };
}

/** Finds the rules' test files without replaying them (`review --no-tests`): every report has no cases. */
export function findTests(testsDir: string): RuleTestRunner {
  return async (rules) => {
    const { byRuleId, findings } = await loadTestFiles(testsDir);
    const reports = rules.map((rule) => ({
      rule_id: rule.document.rule.rule_id,
      testFiles: (byRuleId.get(rule.document.rule.rule_id) ?? []).map((testFile) => testFile.file),
      cases: [],
    }));
    return { reports, findings };
  };
}
