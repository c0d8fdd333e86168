// `npm run kql -- parse|check|format|dsl [--query Q | --file F] [--index PATTERN...] [--format text|json]`
import { runCommand } from '../report/command-line.js';
import { commandCatalogue, queryCommand, queryInvocation, reportQueryProblems, writeLine, writeOk, type QueryCommandOptions, type QueryOutputFormat as Format, type QuerySource } from '../rules/query-command.js';
import { checkKql } from './check-query.js';
import { fieldUses } from './field-checker.js';
import { formatKql } from './formatter.js';
import { parseKql } from './parser.js';
import { buildRuleQuery } from './rule-query.js';
import { outlineKql } from './tree-outline.js';

export async function main(argv: string[]): Promise<number> {
  const program = queryCommand(
    'kql',
    "Parse, field-check, format a KQL query, or print the query DSL Kibana's detection engine sends for it.",
    'parse (the syntax tree), check (syntax, fields, types), format (canonical text) or dsl (the Elasticsearch query)',
    true,
  );
  return runCommand<QueryCommandOptions>(program, argv, async (options, args) => {
    const { action, format, source, indexPatterns } = queryInvocation(options, args, ['parse', 'check', 'format', 'dsl'] as const);
    if (action === 'check') return check(source, indexPatterns, format);
    const parsed = parseKql(source.text);
    if (!parsed.ok) return reportQueryProblems(source, parsed.errors, format);
    if (action === 'format') {
      const text = formatKql(parsed.query);
      writeOk(format, text, { formatted: text });
    } else if (action === 'dsl') {
      // The query DSL itself is JSON: printed as is, to pipe into a search.
      const built = buildRuleQuery({ query: source.text });
      writeLine(JSON.stringify(built.ok ? built.query : built, null, 2));
    } else {
      writeOk(format, format === 'json' ? '' : outlineKql(parsed.query), { query: parsed.query });
    }
    return 0;
  });
}

function check(source: QuerySource, indexPatterns: readonly string[], format: Format): number {
  const { query, problems } = checkKql(source.text, { catalogue: commandCatalogue(), indexPatterns });
  if (problems.length > 0 || !query) return reportQueryProblems(source, problems, format);
  const fields = [...new Set(fieldUses(query).map((use) => use.name))].sort();
  writeOk(format, [`${source.label}: ok, ${fields.length} field${fields.length === 1 ? '' : 's'}`, ...fields.map((field) => `  ${field}`)].join('\n'), { findings: [], fields });
  return 0;
}
