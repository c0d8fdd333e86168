// `npm run bench -- kql [--rules DIR...] [--rounds R]`: parse and field-check every KQL query of the
// rule files under DIR (default rules/; point it at a clone of elastic/detection-rules for its 792
// KQL rules) in one process, and print the median time of a whole pass after warm-up.
// Target: under 100 ms for detection-rules' 792 queries.
import path from 'node:path';
import { Command } from 'commander';
import { loadFieldCatalogue } from '../fields/field-catalogue.js';
import { checkKql } from '../kql/check-query.js';
import { parseKql } from '../kql/parser.js';
import { REPO_ROOT } from '../project-paths.js';
import { timePasses } from './timing.js';
import { runCommand, UsageError, wholeNumber } from '../report/command-line.js';
import { loadRules } from '../rules/load.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('bench kql')
    .description('Time parsing and field-checking the KQL queries of a rule repository.')
    .option('--rules <dir...>', 'rule directories', [path.join(REPO_ROOT, 'rules')])
    .option('--rounds <n>', 'timed rounds (the median is reported)', '15');
  return runCommand<{ rules: string[]; rounds: string }>(program, argv, async (options) => {
    const rounds = wholeNumber('rounds', options.rounds, 1);
    // A rule file that does not load is validate's business, not the benchmark's.
    const { rules } = await loadRules(options.rules);
    const queries = rules.flatMap(({ document: { rule } }) =>
      (rule.language ?? 'kuery') === 'kuery' && rule.type !== 'eql' && rule.type !== 'esql' && rule.query !== undefined ? [{ text: rule.query, indexPatterns: rule.index ?? [] }] : [],
    );
    if (queries.length === 0) throw new UsageError(`no KQL queries under ${options.rules.join(', ')}`);
    const catalogue = loadFieldCatalogue();
    let syntaxErrors = 0;
    let problems = 0;
    const checkAll = (): void => {
      syntaxErrors = 0;
      problems = 0;
      for (const query of queries) {
        const result = checkKql(query.text, { catalogue, indexPatterns: query.indexPatterns });
        if (!result.query) syntaxErrors++;
        problems += result.problems.length;
      }
    };
    const parseAll = (): void => {
      for (const query of queries) parseKql(query.text);
    };
    const { coldMs, checkMs, parseMs } = timePasses(checkAll, parseAll, rounds);
    process.stdout.write(
      `${queries.length} KQL queries: parse ${parseMs.toFixed(1)} ms, parse + check ${checkMs.toFixed(1)} ms (median of ${rounds}; first pass ${coldMs.toFixed(1)} ms)\n` +
        `${syntaxErrors} with syntax errors, ${problems} problems in all (unknown fields are mostly integration fields the catalogue does not declare)\n`,
    );
    return 0;
  });
}
