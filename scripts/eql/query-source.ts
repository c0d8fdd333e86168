// Where `npm run eql` gets its query: --query text, a query file, or the query of a rule file.
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../report/command-line.js';
import { isRuleFileName } from '../rules/load.js';

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
  if (options.file === undefined) throw new UsageError('give the query with --query "<eql>" or --file <path> (a query file or a TOML/YAML rule file)');
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
