// `npm run esql -- parse|check|format [--query Q | --file F] [--format text|json]`
import { runCommand } from '../report/command-line.js';
import { commandCatalogue, queryCommand, queryInvocation, reportQueryProblems, writeOk, type QueryCommandOptions, type QueryOutputFormat as Format, type QuerySource } from '../rules/query-command.js';
import { checkQuery } from './check-query.js';
import { formatQuery } from './formatter.js';
import { parseQuery } from './parser.js';
import { QueryText } from './problem.js';

export async function main(argv: string[]): Promise<number> {
  // ES|QL names its indices in FROM: no --index.
  const program = queryCommand('esql', 'Parse, check (syntax, columns, functions, types) or format an ES|QL query.', 'parse (print the syntax tree as JSON), check or format (canonical text)', false);
  return runCommand<QueryCommandOptions>(program, argv, async (options, args) => {
    const { action, format, source } = queryInvocation(options, args, ['parse', 'check', 'format'] as const);
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
