// `npm run esql -- parse|check|format [--query Q | --file F] [--format text|json]`
import { Command } from 'commander';
import { oneOf, runCommand, UsageError } from '../report/command-line.js';
import { commandCatalogue, readQuerySource, reportQueryProblems, writeOk, type QueryOutputFormat as Format, type QuerySource } from '../rules/query-command.js';
import { checkQuery } from './check-query.js';
import { formatQuery } from './formatter.js';
import { parseQuery } from './parser.js';
import { QueryText } from './problem.js';

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
      return reportQueryProblems(source, [new QueryText(source.text).problem('esql.syntax', error.offset, error.message, error.hint)], format);
    }
    if (action === 'format') {
      const text = formatQuery(parsed.query);
      writeOk(format, text, { formatted: text });
    } else {
      writeOk(format, JSON.stringify(parsed.query, null, 2), { query: parsed.query });
    }
    return 0;
  });
}

function check(source: QuerySource, format: Format): number {
  const { problems } = checkQuery(source.text, { catalogue: commandCatalogue() });
  if (problems.length > 0) return reportQueryProblems(source, problems, format);
  writeOk(format, `${source.label}: ok`, { findings: [] });
  return 0;
}
