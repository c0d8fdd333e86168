// `conformance esql [--dir DIR] [--file NAME]... [--format text|json] [--all] [--min-pass-rate R]`:
// runs Elasticsearch's ES|QL spec tests (vendor/elasticsearch-esql/ by default) on the embedded
// engine and reports passed, failed and out-of-scope cases per file. Exit 0 when the in-scope pass
// rate reaches --min-pass-rate (default 0.9), 1 when it does not, 2 when the specs cannot be read.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { REPO_ROOT } from '../../project-paths.js';
import { oneOf, runCommand, UsageError } from '../../report/command-line.js';
import { SpecFormatError } from './conformance/csv-spec.js';
import { DatasetError } from './conformance/datasets.js';
import { runConformance, type CaseResult, type ConformanceReport } from './conformance/run-conformance.js';

export const DEFAULT_SPEC_DIR = path.join(REPO_ROOT, 'vendor', 'elasticsearch-esql');

interface Options {
  dir: string;
  file: string[];
  format: string;
  all: boolean;
  minPassRate: string;
}

/** Passed over passed plus failed: out-of-scope and ignored cases do not count. */
export function passRate(report: ConformanceReport): number {
  const inScope = report.passed + report.failed;
  return inScope === 0 ? 1 : report.passed / inScope;
}

function line(result: CaseResult): string {
  return `${result.verdict === 'fail' ? 'FAIL' : result.verdict === 'out-of-scope' ? 'OUT ' : 'SKIP'} ${result.file}:${result.line} ${result.name}: ${result.reason ?? ''}`;
}

export async function main(argv: string[]): Promise<number> {
  // Accept the suite name first (`conformance esql …`) so that the CLI can dispatch on it.
  const args = argv[0] === 'esql' ? argv.slice(1) : argv;
  const program = new Command('conformance esql')
    .description("run Elasticsearch's ES|QL csv-spec tests on the embedded ES|QL engine")
    .option('--dir <dir>', 'folder with datasets.json and specs/', DEFAULT_SPEC_DIR)
    .option('--file <name>', 'only this spec file (repeatable), e.g. where or where.csv-spec', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--format <format>', 'text or json', 'text')
    .option('--all', 'also list out-of-scope and ignored cases', false)
    .option('--min-pass-rate <rate>', 'in-scope pass rate below which the exit code is 1', '0.9');
  return runCommand<Options>(program, args, async (options) => {
    const format = oneOf('format', options.format, ['text', 'json'] as const);
    const minimum = Number(options.minPassRate);
    if (!(minimum >= 0 && minimum <= 1)) throw new UsageError(`--min-pass-rate must be between 0 and 1; got "${options.minPassRate}"`);
    let report: ConformanceReport;
    try {
      report = runConformance(path.resolve(options.dir), { files: options.file });
    } catch (error) {
      if (error instanceof SpecFormatError || error instanceof DatasetError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new UsageError((error as Error).message);
      }
      throw error;
    }
    const rate = passRate(report);
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify({ ...report, passRate: rate, results: report.results.filter((r) => options.all || r.verdict === 'fail') }, null, 2)}\n`);
    } else {
      for (const result of report.results) {
        if (result.verdict === 'fail' || (options.all && result.verdict !== 'pass')) process.stdout.write(`${line(result)}\n`);
      }
      const width = Math.max(...report.files.map((file) => file.file.length), 4);
      process.stdout.write(`\n${'file'.padEnd(width)}  passed  failed  out-of-scope  ignored\n`);
      for (const file of report.files) {
        process.stdout.write(`${file.file.padEnd(width)}  ${String(file.passed).padStart(6)}  ${String(file.failed).padStart(6)}  ${String(file.outOfScope).padStart(12)}  ${String(file.ignored).padStart(7)}\n`);
      }
      process.stdout.write(
        `\n${report.passed} passed, ${report.failed} failed (in scope: ${(rate * 100).toFixed(1)}% pass); ` +
          `${report.outOfScope} out of scope, ${report.ignored} ignored by Elasticsearch\n`,
      );
    }
    return rate >= minimum ? 0 : 1;
  });
}

// Runnable on its own until the CLI dispatches `conformance esql` here: `npx tsx scripts/engines/esql/conformance-command.ts esql`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
