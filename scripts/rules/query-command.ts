// What the query-language commands (`npm run eql|kql|esql`) share: where the query comes from
// (--query text, a query file, or the query of a rule file), the field catalogue, and how problems
// are printed (text with a caret, or the JSON convention's findings).
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { FieldCatalogueError, loadFieldCatalogue, type FieldCatalogue } from '../fields/field-catalogue.js';
import { Command } from 'commander';
import { oneOf, UsageError } from '../report/command-line.js';
import { findingJson, FORMAT_VERSION } from '../report/json-output.js';
import type { QueryProblem } from '../report/query-problem.js';
import { isRuleFileName } from './load.js';

export type QueryOutputFormat = 'text' | 'json';

export interface QueryCommandOptions {
  query?: string;
  file?: string;
  index?: string[];
  format: string;
}

/** The command-line shape every query command shares: an action, the query, --index when the language has one, --format. */
export function queryCommand(name: string, description: string, actions: string, withIndex: boolean): Command {
  const program = new Command(name)
    .description(description)
    .argument('<action>', actions)
    .option(`--query <${name}>`, 'the query text')
    .option('--file <path>', `a file holding the query, or a TOML/YAML rule file (its rule.query${withIndex ? ' and rule.index' : ''}); - for stdin`);
  if (withIndex) program.option('--index <pattern...>', "index patterns the query searches (default: the rule file's index, else none)");
  return program.option('--format <format>', 'text or json', 'text');
}

/** The action (one of `actions`), the output format and the query of one invocation; a usage error otherwise. */
export function queryInvocation<Action extends string>(options: QueryCommandOptions, args: readonly string[], actions: readonly Action[]): { action: Action; format: QueryOutputFormat; source: QuerySource; indexPatterns: readonly string[] } {
  const action = actions.find((name) => name === args[0]);
  if (action === undefined) throw new UsageError(`the action must be ${actions.slice(0, -1).join(', ')} or ${actions.at(-1)}; got "${args[0] ?? ''}"`);
  const format = oneOf<QueryOutputFormat>('format', options.format, ['text', 'json']);
  const source = readQuerySource(options);
  return { action, format, source, indexPatterns: options.index ?? source.indexPatterns ?? [] };
}

export interface QuerySource {
  /** How reports name the query: the file, or `<query>`. */
  readonly label: string;
  readonly text: string;
  /** The rule's `index` patterns when the query came from a rule file. */
  readonly indexPatterns?: readonly string[];
}

export function readQuerySource(options: { query?: string; file?: string }): QuerySource {
  if (options.query !== undefined && options.file !== undefined) throw new UsageError('give either --query or --file, not both');
  if (options.query !== undefined) return { label: '<query>', text: options.query };
  if (options.file === undefined) throw new UsageError('give the query with --query "<query>" or --file <path> (a query file or a TOML/YAML rule file)');
  const file = options.file;
  let content: string;
  try {
    content = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!isRuleFileName(file)) return { label: file === '-' ? '<stdin>' : file, text: content };
  return ruleQuery(file, content);
}

function ruleQuery(file: string, content: string): QuerySource {
  let document: unknown;
  try {
    document = file.toLowerCase().endsWith('.toml') ? parseToml(content) : parseYaml(content);
  } catch (error) {
    throw new UsageError(`${file} is not a readable rule file: ${(error as Error).message.split('\n')[0]}; run npm run validate for details`);
  }
  const rule = (document as { rule?: { query?: unknown; index?: unknown } } | null)?.rule;
  if (typeof rule?.query !== 'string') throw new UsageError(`${file} has no rule.query string`);
  const index = Array.isArray(rule.index) ? rule.index.filter((pattern): pattern is string => typeof pattern === 'string') : undefined;
  return { label: `${file} (rule.query)`, text: rule.query, ...(index ? { indexPatterns: index } : {}) };
}

/** The field catalogue, or a usage error (exit 2) naming the file that does not load. */
export function commandCatalogue(): FieldCatalogue {
  try {
    return loadFieldCatalogue();
  } catch (error) {
    if (error instanceof FieldCatalogueError) throw new UsageError(`cannot load the field catalogue: ${error.message}`);
    throw error;
  }
}

export function writeLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** A successful answer in the JSON convention: `format_version`, `ok`, then `fields`. */
export function writeOk(format: QueryOutputFormat, text: string, fields: Record<string, unknown>): void {
  writeLine(format === 'json' ? JSON.stringify({ format_version: FORMAT_VERSION, ok: true, ...fields }, null, 2) : text);
}

/** Prints the problems of one query (text with a caret under each, or JSON findings); exit 1 on an error. */
export function reportQueryProblems(source: QuerySource, problems: readonly QueryProblem[], format: QueryOutputFormat): number {
  const failed = problems.some((problem) => problem.severity === 'error');
  if (format === 'json') {
    const findings = problems.map((problem) =>
      findingJson({ code: problem.code, severity: problem.severity, message: problem.message, file: source.label, line: problem.line, column: problem.column, excerpt: problem.excerpt, ...(problem.hint ? { hint: problem.hint } : {}) }),
    );
    writeLine(JSON.stringify({ format_version: FORMAT_VERSION, ok: !failed, findings }, null, 2));
  } else {
    const blocks = problems.map((problem) => {
      const excerpt = problem.excerpt.split('\n').map((line) => `    ${line}`).join('\n');
      const hint = problem.hint ? `\n    hint: ${problem.hint}` : '';
      return `${source.label}:${problem.line}:${problem.column}: ${problem.severity} ${problem.code}: ${problem.message}\n${excerpt}${hint}`;
    });
    writeLine(blocks.join('\n'));
  }
  return failed ? 1 : 0;
}
