// The replay-test harness: what the review and other tools call.
export type { EqlBackend, RuleSearch } from './backend.js';
export { coverageGap, type ConditionCoverage } from './coverage.js';
export { alertsFromResponse, ruleSearchFor, type Alert } from './detection-run.js';
export { createEmbeddedBackend } from './embedded-backend.js';
export { openBackend, type EngineName } from './engine-choice.js';
export { loadTestFiles, runRuleTests, type CaseResult, type RuleTestReport, type RunOptions, type TestRun } from './run-tests.js';
export { summarize } from './test-report.js';
export { DEFAULT_TESTS_DIR, loadTestFile, testFileFor } from './test-file.js';
