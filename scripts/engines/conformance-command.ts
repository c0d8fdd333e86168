// `npm run conformance -- --suite MANIFEST.json [--format text|json] [--keyword-type both|keyword|wildcard]`:
// runs an Elasticsearch EQL spec suite on the embedded engine. Exit 0 when every spec passes,
// 1 when any fails, 2 when the suite cannot be loaded.
import { Command } from 'commander';
import { oneOf, runCommand, UsageError } from '../report/command-line.js';
import { FORMAT_VERSION } from '../report/json-output.js';
import { runSuite, type SpecResult } from './conformance/run-suite.js';
import { keywordVariants, loadSuite, SuiteError, type KeywordVariant } from './conformance/suite.js';

interface Options {
  suite?: string;
  format: string;
  keywordType: string;
}

function failureReport(result: SpecResult, label: string) {
  return {
    name: label,
    query: result.query.trim(),
    expected: result.expected.length === 1 ? result.expected[0] : result.expected,
    actual: result.actual ?? null,
    ...(result.expectedJoinKeys ? { expected_join_keys: result.expectedJoinKeys, actual_join_keys: result.actualJoinKeys ?? null } : {}),
    error: result.error ?? null,
  };
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('conformance')
    .description('run an Elasticsearch EQL spec suite on the embedded engine')
    .option('--suite <manifest>', 'suite manifest (e.g. vendor/elasticsearch-eql/endgame.suite.json)')
    .option('--format <format>', 'text or json', 'text')
    .option('--keyword-type <type>', 'type for the suite\'s random keyword placeholder: both, keyword or wildcard', 'both');
  return runCommand<Options>(program, argv, async (options) => {
    const format = oneOf('format', options.format, ['text', 'json'] as const);
    const keywordType = oneOf('keyword-type', options.keywordType, ['both', ...keywordVariants] as const);
    if (!options.suite) throw new UsageError('--suite <manifest> is required (e.g. vendor/elasticsearch-eql/endgame.suite.json)');
    const variants: KeywordVariant[] = keywordType === 'both' ? [...keywordVariants] : [keywordType];
    let suite;
    let results;
    try {
      suite = await loadSuite(options.suite);
      results = await runSuite(suite, variants);
    } catch (error) {
      if (error instanceof SuiteError) throw new UsageError(error.message);
      throw error;
    }
    const label = (r: SpecResult) => (variants.length > 1 ? `${r.name} [${r.variant}]` : r.name);
    const failures = results.filter((r) => !r.passed);
    if (format === 'json') {
      const report = {
        format_version: FORMAT_VERSION,
        suite: suite.name,
        total: results.length,
        passed: results.length - failures.length,
        failed: failures.length,
        failures: failures.map((r) => failureReport(r, label(r))),
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const r of failures) {
        const f = failureReport(r, label(r));
        process.stdout.write(
          `FAIL ${f.name}\n  query:    ${f.query.replace(/\n/g, '\n            ')}\n  expected: ${JSON.stringify(f.expected)}\n` +
            `  actual:   ${JSON.stringify(f.actual)}\n` +
            (r.expectedJoinKeys ? `  join_keys expected ${JSON.stringify(r.expectedJoinKeys)}, actual ${JSON.stringify(r.actualJoinKeys)}\n` : '') +
            (f.error ? `  error:    ${f.error}\n` : ''),
        );
      }
      process.stdout.write(`${suite.name}: ${results.length - failures.length}/${results.length} specs passed (${variants.join(' and ')} keyword types)\n`);
    }
    return failures.length > 0 ? 1 : 0;
  });
}
