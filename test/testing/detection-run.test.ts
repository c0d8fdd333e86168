// The timestamp a rule's run windows and alerts by is read as the engine reads any field: through
// nested objects, literal dotted keys and arrays of objects, in any mix.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../scripts/eql/parser.js';
import { parseRuleText } from '../../scripts/rules/load.js';
import type { RuleFile } from '../../scripts/rules/rule-file.js';
import { alertsFromResponse, ruleSearchFor } from '../../scripts/testing/detection-run.js';
import { searchedDocuments } from '../../scripts/testing/search-scope.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const OVERRIDE = 'process.parent.start';
const ruleText = (await readFile(SEED, 'utf8')).replace('from = "now-9m"', `from = "now-9m"\ntimestamp_override = "${OVERRIDE}"`);
const rule: RuleFile = (() => {
  const { rule, findings } = parseRuleText(SEED, ruleText);
  expect(findings).toEqual([]);
  return rule!;
})();

const index = 'logs-system.security-default';
const recent = '2024-05-01T10:04:00Z';
const longAgo = '2024-05-01T09:00:00Z';
const documents = [
  { _index: index, _id: 'dotted-key-below-object', _source: { process: { 'parent.start': recent } } },
  { _index: index, _id: 'object-below-dotted-key', _source: { 'process.parent': { start: recent } } },
  { _index: index, _id: 'array-of-objects', _source: { process: { parent: [{ start: recent }] } } },
  // The override field is present (and old), so the window must not fall back to the recent @timestamp.
  { _index: index, _id: 'old-in-mixed-shape', _source: { '@timestamp': recent, process: { 'parent.start': longAgo } } },
];

describe('the timestamp of a rule run in a mixed nested and dotted document shape', () => {
  it('windows each document by the timestamp it carries, whatever its shape', () => {
    const parsed = parseQuery(rule.document.rule.query!);
    if (!parsed.ok) throw new Error('seed query does not parse');
    const search = ruleSearchFor(rule, parsed.query, documents, new Map(), Date.parse('2024-05-01T10:05:00Z'));
    expect(searchedDocuments(search).map((document) => document._id)).toEqual(['dotted-key-below-object', 'object-below-dotted-key', 'array-of-objects']);
  });

  it("gives each alert its event's timestamp as original_time", () => {
    const response = {
      is_partial: false,
      is_running: false,
      took: 0,
      timed_out: false,
      hits: { total: { value: 3, relation: 'eq' as const }, events: documents.slice(0, 3) },
    };
    const alerts = alertsFromResponse(rule, response, OVERRIDE);
    expect(alerts.map((alert) => alert.fields['kibana.alert.original_time'])).toEqual([recent, recent, recent]);
  });
});
