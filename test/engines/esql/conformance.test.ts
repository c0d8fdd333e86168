import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEC_DIR, passRate } from '../../../scripts/engines/esql/conformance-command.js';
import { parseCsvSpec } from '../../../scripts/engines/esql/conformance/csv-spec.js';
import { splitCsvLine } from '../../../scripts/engines/esql/conformance/datasets.js';
import { headerForm, runConformance, warningsMatch } from '../../../scripts/engines/esql/conformance/run-conformance.js';

/**
 * Cases of the vendored Elasticsearch ES|QL specs that pass on the embedded engine, as measured
 * (scripts/engines/esql/CONFORMANCE.md). Raise it when the engine passes more; a drop is a regression.
 */
const MEASURED_PASSES = 1365;

describe("Elasticsearch's ES|QL spec tests on the embedded engine", () => {
  const report = runConformance(DEFAULT_SPEC_DIR, { now: Date.parse('2024-05-01T00:00:00Z') });

  it('passes at least 90% of the cases in scope, and no fewer than measured', () => {
    const failures = report.results.filter((result) => result.verdict === 'fail').map((result) => `${result.file} ${result.name}: ${result.reason}`);
    expect(passRate(report), failures.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(report.passed, failures.join('\n')).toBeGreaterThanOrEqual(MEASURED_PASSES);
  });

  it('counts cases outside the subset apart from failures, each with the name of what is missing', () => {
    const outside = report.results.filter((result) => result.verdict === 'out-of-scope');
    expect(outside.length).toBeGreaterThan(0);
    for (const result of outside) expect(result.reason).toMatch(/\S/);
    expect(report.passed + report.failed + report.outOfScope + report.ignored).toBe(report.results.length);
  });
});

describe('csv-spec reader', () => {
  it('reads a case: capabilities, query, warnings, ignoreOrder, header types, multi-values and nulls', () => {
    const [spec] = parseCsvSpec('x.csv-spec', [
      'caseOne#[skip:-8.11.99]',
      'required_capability: some_capability',
      'skip_flattened_rewrite: whatever',
      'FROM employees',
      '| KEEP a, b;',
      'warning:Line 1:1: evaluation of [x] failed',
      'ignoreOrder:true',
      '',
      'a:i | b:s | c:date',
      '// a comment',
      '1 | [x, y\\, z] | null',
      '2 | "quoted | pipe" | 2024-01-01T00:00:00.000Z',
      ';',
    ].join('\n'));
    expect(spec).toMatchObject({
      name: 'caseOne',
      query: 'FROM employees\n| KEEP a, b',
      requiredCapabilities: ['some_capability'],
      warnings: ['Line 1:1: evaluation of [x] failed'],
      ignoreOrder: true,
      columns: [{ name: 'a', type: 'integer' }, { name: 'b', type: 'keyword' }, { name: 'c', type: 'date' }],
      rows: [['1', ['x', 'y, z'], null], ['2', 'quoted | pipe', '2024-01-01T00:00:00.000Z']],
    });
  });

  it('ignores cases whose #[skip:] range covers the version the specs are read as', () => {
    const cases = parseCsvSpec('x.csv-spec', ['a#[skip:-9.99.99,reason:not yet fixed]', 'ROW x = 1;', 'x:i', '1', ';', 'b#[skip:-8.11.99]', 'ROW x = 1;', 'x:i', '1', ';'].join('\n'));
    expect(cases.map((spec) => spec.ignoredByElasticsearch)).toEqual([true, false]);
  });

  it('compares warnings in header form, with #[Emulated:] lines and regex-written lines as CsvTests reads them', () => {
    expect(headerForm('Line 1:1: [%#] is "x" 💧\n(')).toBe('Line 1:1: [%25#] is \\"x\\" %F0%9F%92%A7%0A(');
    const [spec] = parseCsvSpec('x.csv-spec', [
      'c',
      'ROW x = 1;',
      'warning:Line 1:1: evaluation of [not(a)] failed#[Emulated:Line 1:5: evaluation of [a] failed]',
      'warning:java.lang.IllegalArgumentException: single-value function encountered \\[multi-value\\]',
      'x:i',
      '1',
      ';',
    ].join('\n'));
    const emulated = ['Line 1:5: evaluation of [a] failed', 'Line 1:5: java.lang.IllegalArgumentException: single-value function encountered [multi-value]'];
    expect(warningsMatch(spec as NonNullable<typeof spec>, emulated)).toBe(true);
    expect(warningsMatch(spec as NonNullable<typeof spec>, emulated.slice(0, 1))).toBe(false);
    expect(warningsMatch(spec as NonNullable<typeof spec>, ['Line 1:1: evaluation of [not(a)] failed', emulated[1] as string])).toBe(false);
  });

  it('splits data set lines as CsvTestsDataLoader does, keeping [a,b] entries whole', () => {
    expect(splitCsvLine('1, Georgi  ,[Senior Python Developer,Accountant],[],x\\,y')).toEqual(['1', 'Georgi', 'Senior Python Developer,Accountant', '', 'x\\,y']);
  });
});
