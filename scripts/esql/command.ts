// `npm run esql -- parse|check|format [--query Q | --file F] [--format text|json]`
import { Command } from 'commander';
import { readQuerySource, type QuerySource } from '../eql/query-source.js';
import { FieldCatalogueError, loadFieldCatalogue } from '../fields/field-catalogue.js';
import { oneOf, runCommand, UsageError } from '../report/command-line.js';
import { checkQuery } from './check-query.js';
import { formatQuery } from './formatter.js';
import { parseQuery } from './parser.js';
import { QueryText, type EsqlProblem } from './problem.js';

type Format = 'text' | 'json';

interface Options {
  query?: string;
  file?: string;
  format: string;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('esql')
    .description('Parse, check (syntax, columns, functions, types) or format an ES|QL query.')
    .argument('<action>', 'parse (print the syntax tree as JSON), check or format (canonical text)')
    .option('--query <esql>', 'the query text')
    .option('--file <path>', 'a file holding the query, or a TOML/YAML rule file (its rule.query); - for stdin')
    .option('--format <format>', 'text or json', 'text');
  return runCommand<Options>(program, argv, async (options, args) => {
    const action = args[0];
    if (action !== 'parse' && action !== 'check' && action !== 'format') {
      throw new UsageError(`the action must be parse, check or format; got "${action}"`);
    }
    const format = oneOf<Format>('format', options.format, ['text', 'json']);
    const source = readQuerySource(options);
    if (action === 'check') return check(source, format);
    const parsed = parseQuery(source.text);
    if (!parsed.ok) {
      const { error } = parsed;
      return report(source, [new QueryText(source.text).problem('esql.syntax', error.offset, error.message, error.hint)], format);
    }
    if (action === 'format') {
      const text = formatQuery(parsed.query);
      write(format === 'json' ? JSON.stringify({ ok: true, formatted: text }, null, 2) : text);
    } else {
      write(JSON.stringify(format === 'json' ? { ok: true, query: parsed.query } : parsed.query, null, 2));
    }
    return 0;
  });
}

function check(source: QuerySource, format: Format): number {
  let catalogue;
  try {
    catalogue = loadFieldCatalogue();
  } catch (error) {
    if (error instanceof FieldCatalogueError) throw new UsageError(`cannot load the field catalogue: ${error.message}`);
    throw error;
  }
  const { problems } = checkQuery(source.text, { catalogue });
  if (problems.length > 0) return report(source, problems, format);
  write(format === 'json' ? JSON.stringify({ ok: true, problems: [] }, null, 2) : `${source.label}: ok`);
  return 0;
}

function report(source: QuerySource, problems: readonly EsqlProblem[], format: Format): number {
  if (format === 'json') {
    write(JSON.stringify({ ok: !problems.some((problem) => problem.severity === 'error'), problems }, null, 2));
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
