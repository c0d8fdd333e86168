// `npm run eql -- parse|check|format [--query Q | --file F] [--index PATTERN...] [--format text|json]`
import { Command } from 'commander';
import { oneOf, runCommand, UsageError } from '../report/command-line.js';
import { FORMAT_VERSION, findingJson } from '../report/json-output.js';
import { checkQuery } from './check-query.js';
import { FieldCatalogueError, loadFieldCatalogue } from '../fields/field-catalogue.js';
import { formatQuery } from './formatter.js';
import { parseQuery } from './parser.js';
import type { EqlProblem } from './problem.js';
import { readQuerySource, type QuerySource } from './query-source.js';
import { requiredFields } from './required-fields.js';
import { outlineQuery } from './tree-outline.js';

type Format = 'text' | 'json';

interface Options {
  query?: string;
  file?: string;
  index?: string[];
  format: string;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('eql')
    .description('Parse, field-check or format an Elasticsearch EQL query.')
    .argument('<action>', 'parse (print the syntax tree), check (syntax and fields) or format (canonical text)')
    .option('--query <eql>', 'the query text')
    .option('--file <path>', 'a file holding the query, or a TOML/YAML rule file (its rule.query and rule.index); - for stdin')
    .option('--index <pattern...>', "index patterns the query searches (default: the rule file's index, else none)")
    .option('--format <format>', 'text or json', 'text');
  return runCommand<Options>(program, argv, async (options, args) => {
    const action = args[0];
    if (action !== 'parse' && action !== 'check' && action !== 'format') {
      throw new UsageError(`the action must be parse, check or format; got "${action}"`);
    }
    const format = oneOf<Format>('format', options.format, ['text', 'json']);
    const source = readQuerySource(options);
    if (action === 'check') return check(source, options.index ?? source.indexPatterns ?? [], format);
    const parsed = parseQuery(source.text);
    if (!parsed.ok) return reportProblems(source, parsed.errors, format);
    if (action === 'format') {
      const text = formatQuery(parsed.query);
      write(format === 'json' ? JSON.stringify({ format_version: FORMAT_VERSION, ok: true, formatted: text }, null, 2) : text);
    } else {
      write(format === 'json' ? JSON.stringify({ format_version: FORMAT_VERSION, ok: true, query: parsed.query }, null, 2) : outlineQuery(parsed.query));
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
  const { query, problems } = checkQuery(source.text, { catalogue, indexPatterns });
  if (problems.length > 0 || !query) return reportProblems(source, problems, format);
  const fields = requiredFields(query, catalogue, indexPatterns);
  if (format === 'json') {
    write(JSON.stringify({ format_version: FORMAT_VERSION, ok: true, findings: [], required_fields: fields }, null, 2));
  } else {
    const listed = fields.map((field) => `  ${field.name} (${field.type}${field.ecs ? '' : ', not ECS'})`);
    write([`${source.label}: ok, ${fields.length} required field${fields.length === 1 ? '' : 's'}`, ...listed].join('\n'));
  }
  return 0;
}

function reportProblems(source: QuerySource, problems: readonly EqlProblem[], format: Format): number {
  if (format === 'json') {
    const findings = problems.map((problem) =>
      findingJson({ code: problem.code, severity: problem.severity, message: problem.message, file: source.label, line: problem.line, column: problem.column, excerpt: problem.excerpt, ...(problem.hint ? { hint: problem.hint } : {}) }),
    );
    write(JSON.stringify({ format_version: FORMAT_VERSION, ok: false, findings }, null, 2));
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
