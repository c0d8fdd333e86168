// Replays every rule's test cases through a backend and compares the alerts with what each case
// expects. Test files are bound to their rules by rule_id.
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadFieldCatalogue, parseQuery, type FieldCatalogue } from '../eql/index.js';
import type { EventDocument } from '../engines/types.js';
import { buildRuleQuery, dslFields } from '../kql/index.js';
import type { Finding } from '../report/finding.js';
import { renderFindingLine } from '../report/render.js';
import { discoverFiles } from '../rules/discovery.js';
import type { RuleFile } from '../rules/rule-file.js';
import type { EqlBackend } from './backend.js';
import { CoverageRecorder, type ConditionCoverage } from './coverage.js';
import { alertsFromDetection, alertsFromResponse, dslRuleSearchFor, newTermsSettings, ruleSearchFor, thresholdFields, type Alert } from './detection-run.js';
import { prepareCaseDocuments } from './documents.js';
import { alertsFromEsqlResult, esqlRuleSearchFor, parseRuleQuery as parseEsqlRuleQuery, sourceIndexPatterns } from './esql-detection.js';
import { searchedDocuments } from './search-scope.js';
import { dslRunFieldTypes, fieldTypesFor, queryFieldTypes } from './field-types.js';
import { columnNames } from '../esql/ast-walk.js';
import { EsqlCoverageRecorder } from './esql-coverage.js';
import { KqlCoverageRecorder } from './kql-coverage.js';
import { replayKind } from './replay-kind.js';
import { DEFAULT_TESTS_DIR, exists, isTestFileName, isTestFileOf, loadTestFile, testFileFor, type LoadedTestFile, type TestCase } from './test-file.js';

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  readonly file: string;
  readonly line?: number;
  readonly expected: TestCase['expect'];
  readonly actual: { alerts: number; matches: string[][]; alert_fields: Record<string, unknown>[] };
  readonly error?: string;
  /** Why the case was not run (its rule type cannot be replayed); a skipped case neither passes nor fails. */
  readonly skipped?: string;
  readonly seconds: number;
}

export interface RuleTestReport {
  readonly rule_id: string;
  readonly name: string;
  readonly path: string;
  /** Where the rule's query is written, for annotations on the rule file itself. */
  readonly queryLine?: number;
  /** The test files that name this rule; empty when it has none. */
  readonly testFiles: string[];
  /** Where its tests belong (the mirrored path), and, when it has none, what to do about it. */
  readonly expectedTestFile?: string;
  readonly missingTests?: string;
  readonly cases: CaseResult[];
  readonly coverage?: ConditionCoverage[];
  /** Why the rule's type cannot be replayed: it needs no tests, and its cases are skipped. */
  readonly notApplicable?: string;
}

export interface TestRun {
  readonly reports: RuleTestReport[];
  /** Problems with test files themselves: invalid YAML, schema errors, unknown rule_id. */
  readonly findings: Finding[];
}

export interface RunOptions {
  readonly backend: EqlBackend;
  readonly testsDir?: string;
  readonly coverage?: boolean;
  readonly catalogue?: FieldCatalogue;
  /** Report test files whose rule_id names no rule given (true when all rules are tested). */
  readonly reportOrphans?: boolean;
  /** Where documents_file may point (the repository); null: anywhere. Default: the working directory. */
  readonly documentsRoot?: string | null;
}

/** The test files under `dir`, found as rule files are (links followed, FIFOs reported by the loader). */
async function findTestFiles(dir: string): Promise<{ files: string[]; findings: Finding[] }> {
  if (!(await exists(dir))) return { files: [], findings: [] };
  return discoverFiles([dir], {
    wanted: isTestFileName,
    unwanted: (target) => ({ code: 'test.file', severity: 'error', message: `${target} is not a folder of rule tests`, file: target, hint: 'name the folder that holds the .test.yaml files' }),
  });
}

/** The test files under `testsDir`, loaded and grouped by the rule_id they name. */
export async function loadTestFiles(testsDir: string): Promise<{ byRuleId: Map<string, LoadedTestFile[]>; findings: Finding[] }> {
  const byRuleId = new Map<string, LoadedTestFile[]>();
  const { files, findings } = await findTestFiles(testsDir);
  for (const file of files) {
    const loaded = await loadTestFile(file);
    findings.push(...loaded.findings);
    if (loaded.value) byRuleId.set(loaded.value.tests.rule_id, [...(byRuleId.get(loaded.value.tests.rule_id) ?? []), loaded.value]);
  }
  return { byRuleId, findings };
}

function compare(expected: TestCase['expect'], alerts: Alert[]): string | undefined {
  const problems: string[] = [];
  if (alerts.length !== expected.alerts) problems.push(`expected ${expected.alerts} alert${expected.alerts === 1 ? '' : 's'}, got ${alerts.length}`);
  const matches = alerts.map((alert) => alert.ids);
  if (expected.matches && !isDeepStrictEqual(expected.matches, matches)) {
    problems.push(`expected matches ${JSON.stringify(expected.matches)}, got ${JSON.stringify(matches)}`);
  }
  expected.alert_fields?.forEach((fields, n) => {
    for (const [field, value] of Object.entries(fields)) {
      const actual = alerts[n]?.fields[field];
      if (!isDeepStrictEqual(actual, value)) problems.push(`alert ${n + 1}: expected ${field} = ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`);
    }
  });
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/**
 * How one rule's cases run: the alerts of one run at `now` and the documents that run searched.
 * Without `now`, a retro-hunt over every document: no look-back window, no max_signals cap (a
 * new_terms rule needs a run time).
 */
export type CaseExecutor = (documents: readonly EventDocument[], now?: number) => Promise<{ alerts: Alert[]; searched: EventDocument[] }>;

async function runCase(
  rule: RuleFile,
  testFile: LoadedTestFile,
  caseIndex: number,
  options: RunOptions & { catalogue: FieldCatalogue },
  plan: RunnablePlan,
): Promise<CaseResult> {
  const { execute, coverage, indexPatterns } = plan;
  const started = performance.now();
  const testCase = testFile.tests.cases[caseIndex]!;
  const body = rule.document.rule;
  const position = testFile.source.locate(['cases', caseIndex]);
  const result = (fields: Pick<CaseResult, 'passed' | 'actual'> & { error?: string | undefined }): CaseResult => ({
    name: testCase.name,
    file: testFile.file,
    ...(position ? { line: position.line } : {}),
    expected: testCase.expect,
    ...fields,
    ...(fields.error === undefined ? {} : { error: fields.error }),
    seconds: (performance.now() - started) / 1000,
  });
  const nothing = { alerts: 0, matches: [], alert_fields: [] };
  // Date math in the rule's own timestamp fields is resolved too, or the window would miss those documents.
  const timeFields = [body.timestamp_override, body.timestamp_field].filter((field): field is string => field !== undefined && field !== '@timestamp');
  const prepared = await prepareCaseDocuments(testFile, caseIndex, indexPatterns, timeFields, options.documentsRoot);
  if (!prepared.value) {
    return result({ passed: false, actual: nothing, error: prepared.findings.map(renderFindingLine).join('; ') });
  }
  const { documents, now } = prepared.value;
  try {
    const { alerts, searched } = await execute(documents, now);
    coverage?.record(searched, now);
    const error = compare(testCase.expect, alerts);
    return result({
      passed: error === undefined,
      actual: { alerts: alerts.length, matches: alerts.map((alert) => alert.ids), alert_fields: alerts.map((alert) => alert.fields) },
      error,
    });
  } catch (error) {
    return result({ passed: false, actual: nothing, error: `the ${options.backend.name} engine failed: ${(error as Error).message}` });
  }
}

/** Where a case's searched documents go for clause coverage. */
interface CoverageSink {
  record(documents: readonly EventDocument[], now: number): void;
  result(): ConditionCoverage[];
}

/** How a rule's cases run, with its coverage recorder; or why they cannot run at all. */
export type RulePlan = RunnablePlan | { readonly error: string } | { readonly skipped: string };

export interface RunnablePlan {
  readonly execute: CaseExecutor;
  /** The indices the rule reads: its `index`, or for ES|QL the FROM of its query. */
  readonly indexPatterns: readonly string[];
  readonly coverage?: CoverageSink;
}

function eqlPlan(rule: RuleFile, options: RunOptions & { catalogue: FieldCatalogue }): RulePlan {
  const body = rule.document.rule;
  const parsed = body.query !== undefined ? parseQuery(body.query) : undefined;
  if (!parsed?.ok) return { error: `the rule's query does not parse: ${parsed?.ok === false ? (parsed.errors[0]?.message ?? '') : 'it has none'} (run npm run validate)` };
  const indexPatterns = body.index ?? [];
  // The query's fields typed as the engine types them, so coverage evaluates each condition as the search does.
  const fieldTypes = queryFieldTypes(parsed.query, options.catalogue, indexPatterns);
  const recorder = options.coverage
    ? new CoverageRecorder(parsed.query, body.query ?? '', {
        fieldTypes,
        ...(body.event_category_override ? { categoryField: body.event_category_override } : {}),
      })
    : undefined;
  return {
    indexPatterns,
    execute: async (documents, now) => {
      const search = ruleSearchFor(rule, parsed.query, documents, fieldTypesFor(documents, options.catalogue, indexPatterns), now);
      const alerts = alertsFromResponse(rule, await options.backend.search(search), search.timestampField);
      return { alerts, searched: searchedDocuments(search) };
    },
    ...(recorder ? { coverage: { record: (documents) => recorder.record(documents), result: () => recorder.result() } } : {}),
  };
}

function dslPlan(rule: RuleFile, options: RunOptions & { catalogue: FieldCatalogue }): RulePlan {
  const body = rule.document.rule;
  const language = body.language ?? 'kuery';
  const built = buildRuleQuery({ query: body.query ?? '', language, filters: body.filters ?? [] });
  if (!built.ok) return { error: `the rule's query does not translate to the query DSL: ${built.error} (run npm run validate)` };
  const indexPatterns = body.index ?? [];
  const named = [...dslFields(built.query), ...thresholdFields(rule), ...newTermsSettings(rule).fields, ...(body.threshold?.cardinality ?? []).map((c) => c.field)];
  const recorder = options.coverage && language === 'kuery' ? KqlCoverageRecorder.forQuery(body.query ?? '', (documents) => dslRunFieldTypes(documents, named, options.catalogue, indexPatterns)) : undefined;
  return {
    indexPatterns,
    execute: async (documents, now) => {
      const search = dslRuleSearchFor(rule, { bool: built.query.bool }, documents, dslRunFieldTypes(documents, named, options.catalogue, indexPatterns), now);
      const alerts = alertsFromDetection(rule, await options.backend.detect(search), search.timestampField);
      return { alerts, searched: searchedDocuments(search) };
    },
    ...(recorder ? { coverage: recorder } : {}),
  };
}

function esqlPlan(rule: RuleFile, options: RunOptions & { catalogue: FieldCatalogue }): RulePlan {
  const parsed = parseEsqlRuleQuery(rule);
  if ('error' in parsed) return { error: parsed.error };
  const indexPatterns = sourceIndexPatterns(parsed.query);
  // The fields the documents carry and those the query names (mapped in the rule's indices even
  // when no document of a case has them, as in a real cluster).
  const named = [...columnNames(parsed.query.commands)];
  const fieldTypesOf = (documents: readonly EventDocument[]) => dslRunFieldTypes(documents, named, options.catalogue, indexPatterns);
  const recorder = options.coverage ? new EsqlCoverageRecorder(parsed.query, rule.document.rule.query ?? '', fieldTypesOf) : undefined;
  return {
    indexPatterns,
    execute: async (documents, now) => {
      const search = esqlRuleSearchFor(rule, documents, fieldTypesOf(documents), now);
      const alerts = alertsFromEsqlResult(rule, search, await options.backend.esql(search));
      return { alerts, searched: searchedDocuments(search) };
    },
    ...(recorder ? { coverage: recorder } : {}),
  };
}

/** How `rule` replays on `options.backend` (with clause coverage when `options.coverage`), or why it cannot. */
export function replayPlan(rule: RuleFile, options: RunOptions & { catalogue: FieldCatalogue }): RulePlan {
  const kind = replayKind(rule);
  switch (kind.kind) {
    case 'not-applicable':
      return { skipped: kind.reason };
    case 'eql':
      return eqlPlan(rule, options);
    case 'esql':
      return esqlPlan(rule, options);
    case 'dsl':
      return dslPlan(rule, options);
  }
}

async function runRule(rule: RuleFile, testFiles: LoadedTestFile[], options: RunOptions & { catalogue: FieldCatalogue }): Promise<RuleTestReport> {
  const body = rule.document.rule;
  const queryLine = rule.source.locate(['rule', 'query'])?.line;
  const report = { rule_id: body.rule_id, name: body.name, path: rule.file, ...(queryLine ? { queryLine } : {}), testFiles: testFiles.map((file) => file.file) };
  const allCases = testFiles.flatMap((testFile) => testFile.tests.cases.map((_, caseIndex) => ({ testFile, caseIndex })));
  const plan = replayPlan(rule, options);
  if ('error' in plan || 'skipped' in plan) {
    const cases = allCases.map(({ testFile, caseIndex }) => {
      const testCase = testFile.tests.cases[caseIndex]!;
      const line = testFile.source.locate(['cases', caseIndex])?.line;
      const outcome = 'error' in plan ? { passed: false, error: plan.error } : { passed: false, skipped: plan.skipped };
      return { name: testCase.name, file: testFile.file, ...(line ? { line } : {}), expected: testCase.expect, actual: { alerts: 0, matches: [], alert_fields: [] }, ...outcome, seconds: 0 };
    });
    return { ...report, cases, ...('skipped' in plan ? { notApplicable: plan.skipped } : {}) };
  }
  const cases: CaseResult[] = [];
  for (const { testFile, caseIndex } of allCases) cases.push(await runCase(rule, testFile, caseIndex, options, plan));
  return { ...report, cases, ...(plan.coverage ? { coverage: plan.coverage.result() } : {}) };
}

export async function runRuleTests(rules: readonly RuleFile[], options: RunOptions): Promise<TestRun> {
  const testsDir = options.testsDir ?? DEFAULT_TESTS_DIR;
  const catalogue = options.catalogue ?? loadFieldCatalogue();
  const { byRuleId, findings } = await loadTestFiles(testsDir);
  const loadedByPath = new Map([...byRuleId.values()].flat().map((testFile) => [path.normalize(testFile.file), testFile]));
  const reports: RuleTestReport[] = [];
  for (const rule of rules) {
    const ruleId = rule.document.rule.rule_id;
    const testFiles = byRuleId.get(ruleId) ?? [];
    const expected = testFileFor(rule.file, testsDir);
    let missingTests: string | undefined;
    if (testFiles.length === 0) {
      const there = loadedByPath.get(path.normalize(expected));
      if (there) {
        missingTests = `${expected} is there but names rule_id ${there.tests.rule_id}, not this rule's ${ruleId}: correct its rule_id`;
        const position = there.source.locate(['rule_id']);
        findings.push({ code: 'test.other-rule', severity: 'error', message: `this file is where the tests of "${rule.document.rule.name}" belong, but it names rule_id ${there.tests.rule_id}`, file: there.file, ...position, hint: `set rule_id: ${ruleId}` });
      } else if (findings.some((finding) => path.normalize(finding.file) === path.normalize(expected))) {
        missingTests = `${expected} is there but does not load: fix the errors reported for it`;
      } else {
        missingTests = `add ${expected} with a case that alerts and one that does not (npm run new -- case ${rule.file} --from EVENTS.ndjson [--negative])`;
      }
    }
    for (const testFile of testFiles) {
      if (!isTestFileOf(testFile.file, rule.file, testsDir)) {
        findings.push({
          code: 'test.location',
          severity: 'warning',
          message: `tests of "${rule.document.rule.name}" are expected at ${expected}, mirroring the rule's path`,
          file: testFile.file,
          line: 1,
          column: 1,
        });
      }
    }
    reports.push({ ...(await runRule(rule, testFiles, { ...options, catalogue })), expectedTestFile: expected, ...(missingTests ? { missingTests } : {}) });
  }
  if (options.reportOrphans) {
    const known = new Set(rules.map((rule) => rule.document.rule.rule_id));
    for (const [ruleId, files] of byRuleId) {
      if (known.has(ruleId)) continue;
      for (const testFile of files) {
        const position = testFile.source.locate(['rule_id']);
        findings.push({ code: 'test.unknown-rule', severity: 'error', message: `no rule has rule_id ${ruleId}`, file: testFile.file, ...position, hint: 'correct the rule_id or delete the test file' });
      }
    }
  }
  return { reports, findings };
}
