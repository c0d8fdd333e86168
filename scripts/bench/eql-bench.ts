// `npm run bench -- eql [--count N] [--rounds R]`: parse and field-check a corpus of EQL queries
// (Elasticsearch's conformance queries and every EQL rule under rules/, repeated) and print the
// time per 1,000 queries after warm-up. Target: under 100 ms per 1,000 on two cores.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { parse as parseToml } from 'smol-toml';
import { checkQuery } from '../eql/check-query.js';
import { loadFieldCatalogue } from '../fields/field-catalogue.js';
import { parseQuery } from '../eql/parser.js';
import { loadRules } from '../rules/load.js';
import { REPO_ROOT, VENDOR_ROOT } from '../project-paths.js';
import { timePasses } from './timing.js';
import { runCommand, UsageError, wholeNumber } from '../report/command-line.js';

interface CorpusQuery {
  readonly text: string;
  readonly indexPatterns: readonly string[];
}

const conformanceFile = path.join(VENDOR_ROOT, 'elasticsearch-eql/test_queries.toml');

function conformanceQueries(): CorpusQuery[] {
  if (!existsSync(conformanceFile)) return [];
  const { queries } = parseToml(readFileSync(conformanceFile, 'utf8')) as unknown as { queries: { query: string }[] };
  // The conformance suite indexes endgame-*; its fields are not ECS, so checking them also exercises suggestions.
  return queries.map((spec) => ({ text: spec.query, indexPatterns: ['endgame-*'] }));
}

/** The EQL queries of the rules under rules/, TOML and YAML, loaded as validate loads them. */
async function ruleQueries(directory: string): Promise<CorpusQuery[]> {
  if (!existsSync(directory)) return [];
  // A rule file that does not load is validate's business, not the benchmark's.
  const { rules } = await loadRules([directory]);
  return rules.flatMap(({ document: { rule } }) =>
    rule.language === 'eql' && rule.query !== undefined ? [{ text: rule.query, indexPatterns: rule.index ?? [] }] : [],
  );
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('bench eql')
    .description('Time parsing and field-checking EQL queries.')
    .option('--count <n>', 'queries per timed round', '1000')
    .option('--rounds <n>', 'timed rounds (the median is reported)', '15');
  return runCommand<{ count: string; rounds: string }>(program, argv, async (options) => {
    const count = wholeNumber('count', options.count, 1);
    const rounds = wholeNumber('rounds', options.rounds, 1);
    const sources = [...conformanceQueries(), ...(await ruleQueries(path.join(REPO_ROOT, 'rules')))];
    if (sources.length === 0) throw new UsageError('no queries found: neither vendor/elasticsearch-eql nor rules/ has EQL queries');
    const corpus = Array.from({ length: count }, (_, i) => sources[i % sources.length] as CorpusQuery);

    const loadStarted = performance.now();
    const catalogue = loadFieldCatalogue();
    const loadMs = performance.now() - loadStarted;

    let problems = 0;
    const checkAll = (): void => {
      problems = 0;
      for (const query of corpus) problems += checkQuery(query.text, { catalogue, indexPatterns: query.indexPatterns }).problems.length;
    };
    const parseAll = (): void => {
      for (const query of corpus) parseQuery(query.text);
    };
    const { coldMs, checkMs, parseMs } = timePasses(checkAll, parseAll, rounds);
    const per1000 = (ms: number): string => ((ms * 1000) / count).toFixed(1);
    const perSecond = (ms: number): string => Math.round((count * 1000) / ms).toLocaleString('en-US');

    process.stdout.write(
      [
        `corpus: ${sources.length} distinct queries (conformance ${existsSync(conformanceFile) ? 'included' : 'absent'}), repeated to ${count}`,
        `field catalogue load: ${loadMs.toFixed(1)} ms (once per process)`,
        `first round, cold: ${per1000(coldMs)} ms per 1,000 parse+check`,
        `parse + check: ${per1000(checkMs)} ms per 1,000 queries (${perSecond(checkMs)} queries/s), median of ${rounds} rounds; ${problems} problems per round`,
        `parse only:    ${per1000(parseMs)} ms per 1,000 queries (${perSecond(parseMs)} queries/s)`,
        `target: < 100 ms per 1,000 parse + check: ${(checkMs * 1000) / count < 100 ? 'met' : 'NOT met'}`,
      ].join('\n') + '\n',
    );
    return 0;
  });
}
