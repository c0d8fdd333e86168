// `npm run bench -- esql [--rules DIR...] [--rounds R]`: parse and check (columns, functions, types)
// every ES|QL query of the rule files under DIR (default rules/; point it at a clone of
// elastic/detection-rules for its 212 ES|QL rules) in one process, and print the median time of a
// whole pass after warm-up. Target: under 100 ms for detection-rules' 212 queries. Then counts the
// queries the embedded engine can replay, each run once over no documents with the fields it names
// typed from the catalogue, and names what stops the others.
import path from 'node:path';
import { Command } from 'commander';
import { NotReplayableError, runQuery } from '../engines/esql/run-query.js';
import { PatternError } from '../engines/esql/text-patterns.js';
import type { FieldMapping } from '../engines/types.js';
import type { Query } from '../esql/ast.js';
import { nodesOf } from '../esql/ast-walk.js';
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
    const catalogue = loadFieldCatalogue();
    if (queries.length === 0) throw new UsageError(`no ES|QL queries under ${options.rules.join(', ')}`);
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
    const replay = replayability(queries, catalogue);
    process.stdout.write(
      `${queries.length} ES|QL queries: parse ${parseMs.toFixed(1)} ms, parse + check ${checkMs.toFixed(1)} ms (median of ${rounds}; first pass ${coldMs.toFixed(1)} ms; target < 100 ms: ${checkMs < 100 ? 'met' : 'NOT met'})\n` +
        `${syntaxErrors} syntax errors; findings: ${counts} (unknown columns are mostly integration fields the catalogue does not declare)\n` +
        `replayable on the embedded engine: ${replay.replayable} of ${queries.length}${replay.reasons.length > 0 ? '; the others:' : ''}\n${replay.reasons.map(([reason, count]) => `  ${count} × ${reason}\n`).join('')}`,
    );
    return 0;
  });
}

/** Every name a query reads or keeps that is not a pattern: the fields a replay's mapping must hold. */
function fieldNames(commands: Query['commands']): Set<string> {
  const names = new Set<string>();
  for (const node of nodesOf(commands)) if (typeof node.name === 'string' && node.kind !== 'function' && !node.name.includes('*')) names.add(node.name);
  return names;
}

/** How many queries the engine runs (over no documents, fields typed by the catalogue), and why the others stop. */
function replayability(queries: readonly string[], catalogue: ReturnType<typeof loadFieldCatalogue>): { replayable: number; reasons: [string, number][] } {
  let replayable = 0;
  const reasons = new Map<string, number>();
  for (const text of queries) {
    const parsed = parseQuery(text);
    if (!parsed.ok) continue;
    const query: Query = parsed.query;
    const fieldTypes = new Map<string, FieldMapping>([...fieldNames(query.commands)].map((name) => [name, { type: catalogue.lookup(name, ['logs-*'])?.type ?? 'keyword' }]));
    try {
      runQuery(query, text, { documents: [], fieldTypes, now: Date.now() });
      replayable++;
    } catch (error) {
      if (!(error instanceof NotReplayableError || error instanceof PatternError)) throw error;
      const reason = error.message.length > 140 ? `${error.message.slice(0, 140)}…` : error.message;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  return { replayable, reasons: [...reasons].sort((a, b) => b[1] - a[1]) };
}
