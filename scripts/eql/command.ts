// `npm run eql -- parse|check|format [--query Q | --file F] [--index PATTERN...] [--format text|json]`
import { Command } from 'commander';
import { oneOf, runCommand, UsageError } from '../report/command-line.js';
import { commandCatalogue, readQuerySource, reportQueryProblems, writeOk, type QueryOutputFormat as Format, type QuerySource } from '../rules/query-command.js';
import { checkQuery } from './check-query.js';
import { formatQuery } from './formatter.js';
import { parseQuery } from './parser.js';
import { requiredFields } from './required-fields.js';
import { outlineQuery } from './tree-outline.js';

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
