// validate's query stage on KQL rules: syntax, field and type problems at their line and column in
// the rule file; filters checked for their fields; a language without a checker warned about.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseRuleText } from '../../scripts/rules/load.js';
import { checkRuleQuery } from '../../scripts/rules/query-check.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const seedText = await readFile(SEED, 'utf8');
const seedQuery = /^query = '''\n[\s\S]*?'''$/m.exec(seedText)![0];

/** The seed rule turned into a KQL query rule with `query` (its query block starts on line 91). */
function kqlRule(query: string, extra = ''): string {
  return seedText
    .replace('language = "eql"', 'language = "kuery"')
    .replace('type = "eql"', 'type = "query"')
    .replace(seedQuery, `query = '''\n${query}\n'''${extra}`);
}

const check = (text: string) => {
  const { rule, findings } = parseRuleText('rule.toml', text);
  expect(findings).toEqual([]);
  return checkRuleQuery(rule!);
};

describe('KQL rules in validate', () => {
  it('passes a correct KQL rule', () => {
    expect(check(kqlRule('event.code:4625 and winlog.channel:"Security" and\n  not user.name:(SYSTEM or "LOCAL SERVICE")'))).toEqual([]);
  });

  it('places a misspelt field at its line and column, with a suggestion', () => {
    const findings = check(kqlRule('event.code:4625 and\n  winlog.chanel:"Security"'));
    expect(findings).toEqual([expect.objectContaining({ code: 'kql.field', severity: 'error', line: 93, column: 3, path: 'rule.query' })]);
    expect(findings[0]!.message).toContain('did you mean [winlog.channel]');
  });

  it('places a broken query (unbalanced parenthesis) at its line and column with Kibana’s message', () => {
    const findings = check(kqlRule('event.code:4625 and\n  (winlog.channel:"Security" or event.code:4624'));
    expect(findings).toEqual([expect.objectContaining({ code: 'kql.syntax', line: 93, column: 48 })]);
    expect(findings[0]!.message).toMatch(/^Expected "\)", AND, OR but end of input found\./);
  });

  it('reports a value Elasticsearch cannot parse for the field type', () => {
    const findings = check(kqlRule('source.port > high'));
    expect(findings).toEqual([expect.objectContaining({ code: 'kql.type', line: 92, column: 15 })]);
  });

  it('honours query_schema_validation = false for fields only', () => {
    const text = kqlRule('winlog.chanel:x').replace('[metadata]\n', '[metadata]\nquery_schema_validation = false\n');
    expect(check(text)).toEqual([]);
  });

  it('checks the fields of the rule filters, placed at the filter', () => {
    const filters = '\n\n[[rule.filters]]\n[rule.filters.meta]\nnegate = true\n[rule.filters.query.match_phrase]\n"user.nme" = "x"\n';
    const findings = check(kqlRule('event.code:4625', filters));
    expect(findings).toEqual([expect.objectContaining({ code: 'filters.field', path: 'rule.filters[0]', line: 95 })]);
    expect(findings[0]!.message).toContain('did you mean [user.name]');
  });

  it('warns, and does not pass in silence, when the language has no checker', () => {
    const lucene = kqlRule('winlog.chanel:x').replace('language = "kuery"', 'language = "lucene"');
    expect(check(lucene)).toEqual([expect.objectContaining({ code: 'query.unchecked', severity: 'warning', path: 'rule.language', line: 19 })]);
    expect(check(lucene)[0]!.message).toContain('lucene');
  });

  it('reads a query rule without a language as KQL, as Kibana does', () => {
    const text = kqlRule('winlog.chanel:x').replace('language = "kuery"\n', '');
    expect(check(text)).toEqual([expect.objectContaining({ code: 'kql.field' })]);
  });
});
