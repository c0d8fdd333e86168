// Renders a replay run for people (text, with a diff of expected and actual alerts and the clause
// coverage), for machines (JSON, JUnit XML) and for GitHub Actions (annotations).
import type { Finding } from '../report/finding.js';
import { FORMAT_VERSION, findingsJson } from '../report/json-output.js';
import { renderFindingGithub, renderFindingText } from '../report/render.js';
import { coverageGap, type ConditionCoverage } from './coverage.js';
import type { RuleTestReport, TestRun } from './run-tests.js';

export interface RunSummary {
  rules: number;
  cases: number;
  passed: number;
  failed: number;
  /** Cases not run because their rule's type cannot be replayed. */
  skipped: number;
  rules_without_tests: number;
  /** Rules whose type cannot be replayed (threat_match, machine_learning, esql, saved_query): they need no tests. */
  rules_not_applicable: number;
}

export function summarize(run: TestRun): RunSummary {
  const cases = run.reports.flatMap((report) => report.cases);
  return {
    rules: run.reports.length,
    cases: cases.length,
    passed: cases.filter((c) => c.passed).length,
    failed: cases.filter((c) => !c.passed && c.skipped === undefined).length,
    skipped: cases.filter((c) => c.skipped !== undefined).length,
    rules_without_tests: run.reports.filter((report) => report.cases.length === 0 && report.notApplicable === undefined).length,
    rules_not_applicable: run.reports.filter((report) => report.notApplicable !== undefined).length,
  };
}

/** Findings for what failed: each failing case at its line in the test file, and rules without tests when required. */
export function runFindings(run: TestRun, requireTests: boolean): Finding[] {
  const findings: Finding[] = [...run.findings];
  for (const report of run.reports) {
    if (report.cases.length === 0 && requireTests && report.notApplicable === undefined) {
      findings.push({ code: 'test.missing', severity: 'error', message: `rule "${report.name}" has no replay tests`, file: report.path, line: 1, column: 1, hint: report.missingTests ?? 'add test cases in the mirrored file under test/rules/' });
    }
    const failed = report.cases.filter((c) => !c.passed && c.skipped === undefined);
    const skipped = report.cases.filter((c) => c.skipped !== undefined);
    if (skipped.length > 0) {
      findings.push({
        code: 'test.skipped',
        severity: 'warning',
        message: `${skipped.length} replay case${skipped.length === 1 ? '' : 's'} of this rule not run: ${skipped[0]!.skipped}`,
        file: report.path,
        ...(report.queryLine ? { line: report.queryLine, column: 1 } : {}),
      });
    }
    if (failed.length > 0) {
      // The rule file's own line too: a pull request's diff shows the rule, not always its tests.
      const first = failed[0]!;
      findings.push({
        code: 'test.failed',
        severity: 'error',
        message: `${failed.length} replay case${failed.length === 1 ? '' : 's'} of this rule fail${failed.length === 1 ? 's' : ''}, first "${first.name}" at ${first.file}${first.line ? `:${first.line}` : ''}`,
        file: report.path,
        ...(report.queryLine ? { line: report.queryLine, column: 1 } : {}),
      });
    }
    for (const c of failed) {
      findings.push({ code: 'test.failed', severity: 'error', message: `case "${c.name}" failed: ${c.error ?? 'unexpected alerts'}`, file: c.file, ...(c.line ? { line: c.line, column: 1 } : {}) });
    }
  }
  return findings;
}

export function runExitCode(run: TestRun, requireTests: boolean): number {
  return runFindings(run, requireTests).some((finding) => finding.severity === 'error') ? 1 : 0;
}

const pad = (text: string, width: number): string => text.padEnd(width);

export function coverageTable(coverage: readonly ConditionCoverage[]): string {
  const rows = coverage.map((c) => [c.step, c.condition, String(c.true), String(c.false), String(c.null), coverageGap(c) ?? 'ok']);
  const header = ['step', 'condition', 'true', 'false', 'null', 'exercised'];
  const widths = header.map((h, i) => Math.min(70, Math.max(h.length, ...rows.map((row) => (row[i] as string).length))));
  const line = (cells: string[]) => `    ${cells.map((cell, i) => pad(cell.length > 70 ? `${cell.slice(0, 69)}…` : cell, widths[i] as number)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function ruleText(report: RuleTestReport, showCoverage: boolean): string[] {
  const failed = report.cases.filter((c) => !c.passed && c.skipped === undefined).length;
  const status = report.notApplicable !== undefined ? 'N/A ' : report.cases.length === 0 ? 'NONE' : failed > 0 ? 'FAIL' : 'PASS';
  const lines = [`${status}  ${report.path}  (${report.name})  ${report.cases.length} case${report.cases.length === 1 ? '' : 's'}`];
  if (report.notApplicable !== undefined) lines.push(`  not applicable: ${report.notApplicable}`);
  else if (report.cases.length === 0) lines.push(`  no test cases: ${report.missingTests ?? 'add them in the mirrored file under test/rules/'}`);
  for (const c of report.cases) {
    if (c.skipped !== undefined) {
      lines.push(`  skip ${c.name}`);
      continue;
    }
    lines.push(`  ${c.passed ? 'ok  ' : 'FAIL'} ${c.name} (${Math.round(c.seconds * 1000)} ms)`);
    if (c.passed) continue;
    lines.push(`       at ${c.file}${c.line ? `:${c.line}` : ''}`);
    if (c.error) lines.push(`       ${c.error}`);
    lines.push(`       - expected: ${c.expected.alerts} alert(s)${c.expected.matches ? ` ${JSON.stringify(c.expected.matches)}` : ''}`);
    lines.push(`       + actual:   ${c.actual.alerts} alert(s) ${JSON.stringify(c.actual.matches)}`);
  }
  if (showCoverage && report.coverage) {
    const gaps = report.coverage.filter((c) => coverageGap(c));
    lines.push(`  clause coverage: ${report.coverage.length - gaps.length}/${report.coverage.length} conditions seen both true and not true`);
    lines.push(coverageTable(report.coverage));
    for (const gap of gaps) lines.push(`  ! \`${gap.condition}\` ${coverageGap(gap)} (${gap.step}, query line ${gap.line})`);
  }
  return lines;
}

export function renderRunText(run: TestRun, options: { coverage: boolean; requireTests: boolean; seconds: number }): string {
  const lines = run.findings.map(renderFindingText);
  for (const report of run.reports) lines.push(...ruleText(report, options.coverage));
  const s = summarize(run);
  lines.push(
    `${s.rules} rule${s.rules === 1 ? '' : 's'}, ${s.cases} case${s.cases === 1 ? '' : 's'}, ${s.rules_without_tests} without tests, ${s.rules_not_applicable} not applicable (${options.seconds.toFixed(2)} s)`,
    `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`,
  );
  return `${lines.join('\n')}\n`;
}

/** The run in the one JSON convention (scripts/report/json-output.ts; schemas/output/test-rules.schema.json). */
export function runJson(run: TestRun, requireTests: boolean): object {
  return {
    format_version: FORMAT_VERSION,
    rules: run.reports.map((report) => ({
      rule_id: report.rule_id,
      name: report.name,
      path: report.path,
      test_files: report.testFiles,
      not_applicable: report.notApplicable ?? null,
      expected_test_file: report.expectedTestFile ?? null,
      missing_tests: report.missingTests ?? null,
      cases: report.cases.map((c) => ({ name: c.name, passed: c.passed, skipped: c.skipped ?? null, expected: c.expected, actual: c.actual, error: c.error ?? null })),
      coverage: report.coverage?.map((c) => ({ ...c, gap: coverageGap(c) ?? null })) ?? null,
    })),
    findings: findingsJson(runFindings(run, requireTests)),
    summary: summarize(run),
  };
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderRunJunit(run: TestRun, requireTests: boolean): string {
  const s = summarize(run);
  const suites = run.reports.map((report) => {
    const missing = requireTests && report.cases.length === 0 && report.notApplicable === undefined;
    const failures = report.cases.filter((c) => !c.passed && c.skipped === undefined).length + (missing ? 1 : 0);
    const cases = report.cases.map((c) => {
      const failure = c.skipped !== undefined ? `<skipped message="${xml(c.skipped)}"/>` : c.passed ? '' : `\n      <failure message="${xml(c.error ?? 'unexpected alerts')}">expected ${xml(JSON.stringify(c.expected))}\nactual ${xml(JSON.stringify({ alerts: c.actual.alerts, matches: c.actual.matches }))}</failure>\n    `;
      return `    <testcase classname="${xml(report.path)}" name="${xml(c.name)}" file="${xml(c.file)}" time="${c.seconds.toFixed(3)}">${failure}</testcase>`;
    });
    if (missing) cases.push(`    <testcase classname="${xml(report.path)}" name="has replay tests"><failure message="no replay tests"/></testcase>`);
    const time = report.cases.reduce((sum, c) => sum + c.seconds, 0);
    return `  <testsuite name="${xml(report.name)}" tests="${cases.length}" failures="${failures}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rule replay tests" tests="${s.cases}" failures="${s.failed}" skipped="${s.skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export function renderRunGithub(run: TestRun, requireTests: boolean): string {
  return runFindings(run, requireTests).map((finding) => `${renderFindingGithub(finding)}\n`).join('');
}
