// `npm run eql -- parse|check|format [--query Q | --file F] [--index PATTERN...] [--format text|json]`
import { runCommand } from '../report/command-line.js';
import { commandCatalogue, queryCommand, queryInvocation, reportQueryProblems, writeOk, type QueryCommandOptions, type QueryOutputFormat as Format, type QuerySource } from '../rules/query-command.js';
import { checkQuery } from './check-query.js';
import { formatQuery } from './formatter.js';
import { parseQuery } from './parser.js';
import { requiredFields } from './required-fields.js';
import { outlineQuery } from './tree-outline.js';

export async function main(argv: string[]): Promise<number> {
  const program = queryCommand('eql', 'Parse, field-check or format an Elasticsearch EQL query.', 'parse (print the syntax tree), check (syntax and fields) or format (canonical text)', true);
  return runCommand<QueryCommandOptions>(program, argv, async (options, args) => {
    const { action, format, source, indexPatterns } = queryInvocation(options, args, ['parse', 'check', 'format'] as const);
    if (action === 'check') return check(source, indexPatterns, format);
    const parsed = parseQuery(source.text);
    if (!parsed.ok) return reportQueryProblems(source, parsed.errors, format);
    if (action === 'format') {
      const text = formatQuery(parsed.query);
      writeOk(format, text, { formatted: text });
    } else {
      writeOk(format, format === 'json' ? '' : outlineQuery(parsed.query), { query: parsed.query });
    }
    return 0;
  });
}

function check(source: QuerySource, indexPatterns: readonly string[], format: Format): number {
  const catalogue = commandCatalogue();
  const { query, problems } = checkQuery(source.text, { catalogue, indexPatterns });
  if (problems.length > 0 || !query) return reportQueryProblems(source, problems, format);
  const fields = requiredFields(query, catalogue, indexPatterns);
  const listed = fields.map((field) => `  ${field.name} (${field.type}${field.ecs ? '' : ', not ECS'})`);
  writeOk(format, [`${source.label}: ok, ${fields.length} required field${fields.length === 1 ? '' : 's'}`, ...listed].join('\n'), { findings: [], required_fields: fields });
  return 0;
}
