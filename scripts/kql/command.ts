// `npm run kql -- parse|check|format|dsl [--query Q | --file F] [--index PATTERN...] [--format text|json]`
import { Command } from 'commander';
import { readQuerySource, type QuerySource } from '../eql/query-source.js';
import { FieldCatalogueError, loadFieldCatalogue } from '../fields/field-catalogue.js';
import { oneOf, runCommand, UsageError } from '../report/command-line.js';
import { checkKql } from './check-query.js';
import { fieldUses } from './field-checker.js';
import { formatKql } from './formatter.js';
import { parseKql } from './parser.js';
import type { KqlProblem } from './problem.js';
import { buildRuleQuery } from './rule-query.js';
import { outlineKql } from './tree-outline.js';

type Format = 'text' | 'json';
const actions = ['parse', 'check', 'format', 'dsl'] as const;

interface Options {
  query?: string;
  file?: string;
  index?: string[];
  format: string;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('kql')
    .description("Parse, field-check, format a KQL query, or print the query DSL Kibana's detection engine sends for it.")
    .argument('<action>', 'parse (the syntax tree), check (syntax, fields, types), format (canonical text) or dsl (the Elasticsearch query)')
    .option('--query <kql>', 'the query text')
    .option('--file <path>', 'a file holding the query, or a TOML/YAML rule file (its rule.query and rule.index); - for stdin')
    .option('--index <pattern...>', "index patterns the query searches (default: the rule file's index, else none)")
    .option('--format <format>', 'text or json', 'text');
  return runCommand<Options>(program, argv, async (options, args) => {
    const action = actions.find((name) => name === args[0]);
    if (action === undefined) throw new UsageError(`the action must be ${actions.join(', ')}; got "${args[0]}"`);
    const format = oneOf<Format>('format', options.format, ['text', 'json']);
    const source = readQuerySource(options);
    if (action === 'check') return check(source, options.index ?? source.indexPatterns ?? [], format);
    const parsed = parseKql(source.text);
    if (!parsed.ok) return reportProblems(source, parsed.errors, format);
    if (action === 'format') {
      const text = formatKql(parsed.query);
      write(format === 'json' ? JSON.stringify({ ok: true, formatted: text }, null, 2) : text);
    } else if (action === 'dsl') {
      const built = buildRuleQuery({ query: source.text });
      write(JSON.stringify(built.ok ? built.query : built, null, 2));
    } else {
      write(format === 'json' ? JSON.stringify({ ok: true, query: parsed.query }, null, 2) : outlineKql(parsed.query));
    }
    return 0;
  });
}

function check(source: QuerySource, indexPatterns: readonly string[], format: Format): number {
  let catalogue;
  try {
    catalogue = loadFieldCatalogue();
  } catch (error) {
    if (error instanceof FieldCatalogueError) throw new UsageError(`cannot load the field catalogue: ${error.message}`);
    throw error;
  }
  const { query, problems } = checkKql(source.text, { catalogue, indexPatterns });
  if (problems.length > 0 || !query) return reportProblems(source, problems, format);
  const fields = [...new Set(fieldUses(query).map((use) => use.name))].sort();
  if (format === 'json') write(JSON.stringify({ ok: true, problems: [], fields }, null, 2));
  else write([`${source.label}: ok, ${fields.length} field${fields.length === 1 ? '' : 's'}`, ...fields.map((field) => `  ${field}`)].join('\n'));
  return 0;
}

function reportProblems(source: QuerySource, problems: readonly KqlProblem[], format: Format): number {
  if (format === 'json') {
    write(JSON.stringify({ ok: false, problems }, null, 2));
  } else {
    const blocks = problems.map((problem) => {
      const excerpt = problem.excerpt.split('\n').map((line) => `    ${line}`).join('\n');
      const hint = problem.hint ? `\n    hint: ${problem.hint}` : '';
      return `${source.label}:${problem.line}:${problem.column}: ${problem.severity} ${problem.code}: ${problem.message}\n${excerpt}${hint}`;
    });
    write(blocks.join('\n'));
  }
  return problems.some((problem) => problem.severity === 'error') ? 1 : 0;
}

function write(text: string): void {
  process.stdout.write(`${text}\n`);
}
