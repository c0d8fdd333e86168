// `npm run bench -- esql [--rules DIR...] [--rounds R]`: parse and check (columns, functions, types)
// every ES|QL query of the rule files under DIR (default rules/; point it at a clone of
// elastic/detection-rules for its 212 ES|QL rules) in one process, and print the median time of a
// whole pass after warm-up. Target: under 100 ms for detection-rules' 212 queries.
import path from 'node:path';
import { Command } from 'commander';
import { checkQuery } from '../esql/check-query.js';
import { parseQuery } from '../esql/parser.js';
import { loadFieldCatalogue } from '../fields/field-catalogue.js';
import { REPO_ROOT } from '../project-paths.js';
import { runCommand, UsageError, wholeNumber } from '../report/command-line.js';
import { loadRules } from '../rules/load.js';
import { timePasses } from './timing.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('bench esql')
    .description('Time parsing and checking the ES|QL queries of a rule repository.')
    .option('--rules <dir...>', 'rule directories', [path.join(REPO_ROOT, 'rules')])
    .option('--rounds <n>', 'timed rounds (the median is reported)', '15');
  return runCommand<{ rules: string[]; rounds: string }>(program, argv, async (options) => {
    const rounds = wholeNumber('rounds', options.rounds, 1);
    // A rule file that does not load is validate's business, not the benchmark's.
    const { rules } = await loadRules(options.rules);
    const queries = rules.flatMap(({ document: { rule } }) => (rule.language === 'esql' && rule.query !== undefined ? [rule.query] : []));
    if (queries.length === 0) throw new UsageError(`no ES|QL queries under ${options.rules.join(', ')}`);
    const catalogue = loadFieldCatalogue();
    let syntaxErrors = 0;
    const problems = new Map<string, number>();
    const checkAll = (): void => {
      syntaxErrors = 0;
      problems.clear();
      for (const text of queries) {
        const result = checkQuery(text, { catalogue });
        for (const problem of result.problems) {
          if (problem.code === 'esql.syntax') syntaxErrors++;
          problems.set(problem.code, (problems.get(problem.code) ?? 0) + 1);
        }
      }
    };
    const parseAll = (): void => {
      for (const text of queries) parseQuery(text);
    };
    const { coldMs, checkMs, parseMs } = timePasses(checkAll, parseAll, rounds);
    const counts = [...problems].map(([code, count]) => `${count} ${code}`).join(', ') || 'none';
    process.stdout.write(
      `${queries.length} ES|QL queries: parse ${parseMs.toFixed(1)} ms, parse + check ${checkMs.toFixed(1)} ms (median of ${rounds}; first pass ${coldMs.toFixed(1)} ms; target < 100 ms: ${checkMs < 100 ? 'met' : 'NOT met'})\n` +
        `${syntaxErrors} syntax errors; findings: ${counts} (unknown columns are mostly integration fields the catalogue does not declare)\n`,
    );
    return 0;
  });
}
