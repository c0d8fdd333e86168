// `npm run bench -- engine FILE [--query EQL | --rule RULE.toml] [--no-prefilter]`: streams an
// NDJSON file through an EQL query on the embedded engine (default: the seed rule's query), or
// through the query DSL (KQL and Lucene rules) or the ES|QL engine (ES|QL rules), and prints events
// per second, matches, peak memory and, measured in the same run on the same file, the time to
// merely read and JSON.parse every line. Targets for 1,000,000 events on two cores: EQL ≤ 1.3×
// parse-only and < 200 MiB; ES|QL ≤ 2× and < 300 MiB. Make the file with
// `npm run bench -- generate 1000000 /tmp/seed-1m.ndjson`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { compileQuery } from '../engines/embedded/compile-query.js';
import { forEachLine, NdjsonError, streamNdjson } from '../engines/embedded/ndjson.js';
import { parseQuery } from '../eql/parser.js';
import { compileDsl } from '../engines/dsl/index.js';
import { runQuery } from '../engines/esql/run-query.js';
import { compileLinePrefilter as esqlLinePrefilter, StreamingSourceFilter } from '../engines/esql/stream-filter.js';
import { columnNames } from '../esql/ast-walk.js';
import { compileLinePrefilter as dslLinePrefilter } from '../engines/dsl/line-prefilter.js';
import type { EventDocument, FieldMapping } from '../engines/types.js';
import { parseQuery as parseEsql } from '../esql/parser.js';
import { loadFieldCatalogue } from '../fields/field-catalogue.js';
import { buildRuleQuery, dslFields } from '../kql/index.js';
import { REPO_ROOT } from '../project-paths.js';
import { runCommand, UsageError } from '../report/command-line.js';
import { renderFindingText } from '../report/render.js';
import { loadRuleFile } from '../rules/load.js';

const seedRule = path.join(REPO_ROOT, 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml');

interface Options {
  query?: string;
  rule?: string;
  prefilter: boolean;
}

/** The query of a rule file, TOML or YAML, loaded as every command loads rules, with its language. */
async function ruleQuery(file: string): Promise<{ text: string; language: string; filters: unknown[] }> {
  const loaded = await loadRuleFile(file);
  if (!loaded.rule) throw new UsageError(loaded.findings.map(renderFindingText).join('\n') || `${file}: cannot load the rule`);
  const body = loaded.rule.document.rule;
  if (body.query === undefined) throw new UsageError(`${file} has no rule.query; pass --query`);
  return { text: body.query, language: body.language ?? 'kuery', filters: body.filters ?? [] };
}

/** A KQL (or Lucene) rule: its query DSL, as the detection engine builds it, through the DSL evaluator per line. */
async function benchDsl(file: string, rule: { text: string; language: string; filters: unknown[] }, parse: { ms: number; lines: number }, prefilter: boolean): Promise<number> {
  const built = buildRuleQuery({ query: rule.text, language: rule.language, filters: rule.filters });
  if (!built.ok) throw new UsageError(`query does not translate: ${built.error}`);
  const fieldTypes = new Map(dslFields(built.query).flatMap((name) => {
    const info = loadFieldCatalogue().lookup(name, []);
    return info ? [[name, { type: info.type }] as const] : [];
  }));
  const query = { bool: built.query.bool };
  const matches = compileDsl(query, { fieldTypes, now: Date.now() });
  const mayMatch = prefilter ? dslLinePrefilter(query, fieldTypes) : () => true;
  const start = performance.now();
  let found = 0;
  let parsedLines = 0;
  await forEachLine(file, (line, lineNumber) => {
    if (!mayMatch(line)) return;
    parsedLines++;
    if (matches({ _index: 'bench', _id: String(lineNumber), _source: JSON.parse(line) as Record<string, unknown> })) found++;
  });
  const engineMs = performance.now() - start;
  process.stdout.write(
    [
      `file:            ${file} (${parse.lines.toLocaleString('en-US')} events)`,
      `parse-only:      ${seconds(parse.ms)} (read + JSON.parse every line)`,
      `query DSL:       ${seconds(engineMs)}, ${Math.round(parse.lines / (engineMs / 1000)).toLocaleString('en-US')} events/s (${(engineMs / parse.ms).toFixed(2)}× parse-only; target ≤ 1.30×)`,
      `lines parsed:    ${parsedLines.toLocaleString('en-US')} of ${parse.lines.toLocaleString('en-US')}` + (prefilter ? ' (the others cannot match: raw-line prefilter)' : ' (prefilter off)'),
      `events matched:  ${found.toLocaleString('en-US')}`,
      `peak RSS:        ${mib(process.resourceUsage().maxRSS * 1024)} (target < 200 MiB)`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** Where a line without `_index` is placed: an index every example ES|QL rule's FROM reads. */
const BENCH_INDEX = 'logs-system.security-bench';
const CHUNK = 2_000;

/**
 * An ES|QL rule: the leading FROM … | WHERE … streamed over the file in chunks (lines lacking a
 * string every match must hold are not parsed), then the whole query over the survivors.
 */
async function benchEsql(file: string, text: string, parse: { ms: number; lines: number }, prefilter: boolean): Promise<number> {
  const parsed = parseEsql(text);
  if (!parsed.ok) throw new UsageError(`query does not parse: ${parsed.error.message}`);
  // The mapping of the columns the query reads, from the catalogue; other fields are typed by their values.
  const catalogue = loadFieldCatalogue();
  const fieldTypes = new Map<string, FieldMapping>();
  for (const name of columnNames(parsed.query.commands)) {
    const info = catalogue.lookup(name, [BENCH_INDEX]);
    if (info) fieldTypes.set(name, { type: info.type });
  }
  const start = performance.now();
  const now = Date.now();
  const mayMatch = prefilter ? esqlLinePrefilter(parsed.query, fieldTypes) : () => true;
  const filter = new StreamingSourceFilter(parsed.query, text, fieldTypes, now);
  const survivors: EventDocument[] = [];
  let chunk: EventDocument[] = [];
  let parsedLines = 0;
  const flush = (): void => {
    survivors.push(...filter.keep(chunk));
    chunk = [];
  };
  await forEachLine(file, (line, lineNumber) => {
    if (!mayMatch(line)) return;
    parsedLines++;
    chunk.push({ _index: BENCH_INDEX, _id: String(lineNumber), _source: JSON.parse(line) as Record<string, unknown> });
    if (chunk.length === CHUNK) flush();
  });
  flush();
  const result = runQuery(parsed.query, text, { documents: survivors, fieldTypes, now });
  const engineMs = performance.now() - start;
  process.stdout.write(
    [
      `file:            ${file} (${parse.lines.toLocaleString('en-US')} events, read as ${BENCH_INDEX})`,
      `parse-only:      ${seconds(parse.ms)} (read + JSON.parse every line)`,
      `ES|QL engine:    ${seconds(engineMs)}, ${Math.round(parse.lines / (engineMs / 1000)).toLocaleString('en-US')} events/s (${(engineMs / parse.ms).toFixed(2)}× parse-only; target ≤ 2.00×)`,
      `lines parsed:    ${parsedLines.toLocaleString('en-US')} of ${parse.lines.toLocaleString('en-US')}` + (prefilter ? ' (the others cannot match: raw-line prefilter)' : ' (prefilter off)'),
      `after WHERE:     ${survivors.length.toLocaleString('en-US')} documents`,
      `rows (alerts):   ${result.values.length.toLocaleString('en-US')}`,
      `peak RSS:        ${mib(process.resourceUsage().maxRSS * 1024)} (target < 300 MiB)`,
      '',
    ].join('\n'),
  );
  return 0;
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function timeParseOnly(file: string): Promise<{ ms: number; lines: number }> {
  const start = performance.now();
  let lines = 0;
  await forEachLine(file, (line) => {
    JSON.parse(line);
    lines++;
  });
  return { ms: performance.now() - start, lines };
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('bench engine')
    .description('Stream an NDJSON file through an EQL query on the embedded engine.')
    .argument('<file>', 'NDJSON events, sorted by @timestamp')
    .option('--query <eql>', 'the query (default: the seed rule\'s)')
    .option('--rule <file>', 'take the query from this rule file')
    .option('--no-prefilter', 'parse every line (skip the raw-line prefilter)');
  return runCommand<Options>(program, argv, async (options, [file]) => {
    if (file === undefined || !existsSync(file)) throw new UsageError(`events file ${file ?? ''} not found`);
    const rule = options.query === undefined ? await ruleQuery(options.rule ?? seedRule) : undefined;
    if (rule?.language === 'esql') return benchEsql(file, rule.text, await timeParseOnly(file), options.prefilter);
    if (rule !== undefined && rule.language !== 'eql') return benchDsl(file, rule, await timeParseOnly(file), options.prefilter);
    const text = options.query ?? (rule as { text: string }).text;
    const parsed = parseQuery(text);
    if (!parsed.ok) {
      const first = parsed.errors[0];
      throw new UsageError(`query does not parse: ${first?.line}:${first?.column}: ${first?.message}`);
    }
    try {
      const parse = await timeParseOnly(file);
      const matcher = compileQuery(parsed.query, { inputOrder: 'sorted' });
      const start = performance.now();
      const stream = await streamNdjson(file, matcher, options.prefilter);
      const held = matcher.pendingState();
      const response = matcher.finish();
      const engineMs = performance.now() - start;
      const peak = process.resourceUsage().maxRSS * 1024;
      const kind = parsed.query.kind === 'event' ? 'events' : parsed.query.kind === 'sequence' ? 'sequences' : 'samples';
      process.stdout.write(
        [
          `file:            ${file} (${parse.lines.toLocaleString('en-US')} events)`,
          `parse-only:      ${seconds(parse.ms)} (read + JSON.parse every line)`,
          `engine:          ${seconds(engineMs)}, ${Math.round(stream.lines / (engineMs / 1000)).toLocaleString('en-US')} events/s` +
            ` (${(engineMs / parse.ms).toFixed(2)}× parse-only; target ≤ 1.30×)`,
          `lines parsed:    ${stream.parsed.toLocaleString('en-US')} of ${stream.lines.toLocaleString('en-US')}` +
            (options.prefilter ? ' (the others cannot match: raw-line prefilter)' : ' (prefilter off)'),
          `${`${kind} found:`.padEnd(17)}${matcher.stats.matches.toLocaleString('en-US')} (${response.hits.total.value} returned with size 10)`,
          `pending state:   ${held.toLocaleString('en-US')} partial matches held at the end`,
          `peak RSS:        ${mib(peak)} (target < 200 MiB)`,
          '',
        ].join('\n'),
      );
      return 0;
    } catch (error) {
      if (error instanceof NdjsonError) throw new UsageError(error.message);
      throw error;
    }
  });
}
