// ES|QL rules replayed on the embedded engine as Kibana's ES|QL executor runs them: the range
// filter of the look-back window, `| limit max_signals + 1`, one alert per row (aggregating) or per
// source document kept by METADATA _id (non-aggregating), and queries outside the engine's subset
// refused by name.
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { loadRules } from '../../scripts/rules/load.js';
import { runRuleTests } from '../../scripts/testing/run-tests.js';
import type { EventDocument, FieldMapping } from '../../scripts/engines/types.js';
import type { RuleFile } from '../../scripts/rules/rule-file.js';
import { createEmbeddedBackend } from '../../scripts/testing/embedded-backend.js';
import { alertsFromEsqlResult, esqlRuleSearchFor, isAggregatingQuery } from '../../scripts/testing/esql-detection.js';
import { replayKind } from '../../scripts/testing/replay-kind.js';
import { EsqlCoverageRecorder } from '../../scripts/testing/esql-coverage.js';
import { parseQuery } from '../../scripts/esql/parser.js';

const NOW = Date.parse('2024-05-01T10:05:00Z');
const types = new Map<string, FieldMapping>([
  ['@timestamp', { type: 'date' }],
  ['event.code', { type: 'keyword' }],
  ['user.name', { type: 'keyword' }],
  ['host.name', { type: 'keyword' }],
  ['process.command_line', { type: 'wildcard' }],
]);

function rule(query: string, extra: Record<string, unknown> = {}): RuleFile {
  return { document: { rule: { rule_id: 'e1', name: 'E', type: 'esql', language: 'esql', severity: 'high', risk_score: 73, from: 'now-6m', query, ...extra } } } as unknown as RuleFile;
}

const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
const documents: EventDocument[] = [
  { _index: 'logs-endpoint.events.process-default', _id: 'p1', _source: { '@timestamp': at(5), event: { code: '1' }, user: { name: 'bob' }, host: { name: 'h1' }, process: { command_line: 'vssadmin delete shadows /all' } } },
  { _index: 'logs-endpoint.events.process-default', _id: 'p2', _source: { '@timestamp': at(3), event: { code: '1' }, user: { name: 'eve' }, host: { name: 'h2' }, process: { command_line: 'vssadmin delete shadows /quiet' } } },
  { _index: 'logs-endpoint.events.process-default', _id: 'p3', _source: { '@timestamp': at(2), event: { code: '1' }, user: { name: 'eve' }, host: { name: 'h2' }, process: { command_line: 'notepad.exe' } } },
  { _index: 'logs-endpoint.events.process-default', _id: 'p4', _source: { '@timestamp': at(30), event: { code: '1' }, user: { name: 'old' }, host: { name: 'h9' }, process: { command_line: 'vssadmin delete shadows' } } },
  { _index: 'logs-other-default', _id: 'o1', _source: { '@timestamp': at(1), event: { code: '1' }, user: { name: 'zed' }, host: { name: 'h3' }, process: { command_line: 'vssadmin delete shadows' } } },
];

async function run(r: RuleFile) {
  const search = esqlRuleSearchFor(r, documents, types, NOW);
  return { search, alerts: alertsFromEsqlResult(r, search, await createEmbeddedBackend().esql(search)) };
}

describe('ES|QL rules', () => {
  it('replay on the ES|QL engine', () => {
    expect(replayKind(rule('FROM logs-*'))).toEqual({ kind: 'esql' });
  });

  it('non-aggregating: one alert per row, carrying its source document and the row\'s columns, in the window and FROM\'s indices only', async () => {
    const r = rule('FROM logs-endpoint.events.process-* METADATA _id, _index, _version\n| WHERE process.command_line LIKE "*vssadmin*delete*shadows*"\n| EVAL who = TO_UPPER(user.name)\n| SORT @timestamp');
    const { search, alerts } = await run(r);
    expect(search.queryText.endsWith('| limit 101')).toBe(true);
    expect(isAggregatingQuery(search.query)).toBe(false);
    expect(alerts.map((alert) => alert.ids)).toEqual([['p1'], ['p2']]);
    expect(alerts.map((alert) => alert.fields.who)).toEqual(['BOB', 'EVE']);
    expect(alerts[0]!.events[0]!._source).toMatchObject({ host: { name: 'h1' } });
    expect(alerts[0]!.fields).toMatchObject({ 'kibana.alert.rule.rule_id': 'e1', 'kibana.alert.severity': 'high', 'kibana.alert.risk_score': 73 });
  });

  it('caps the alerts at max_signals', async () => {
    const { alerts } = await run(rule('FROM logs-* METADATA _id | WHERE event.code == "1"', { max_signals: 2 }));
    expect(alerts).toHaveLength(2);
  });

  it('aggregating: one alert per row with no source events', async () => {
    const { alerts } = await run(rule('FROM logs-endpoint.events.process-*\n| STATS n = COUNT(*), hosts = VALUES(host.name) BY user.name\n| SORT user.name'));
    expect(alerts.map((alert) => [alert.ids, alert.fields['user.name'], alert.fields.n, alert.fields.hosts])).toEqual([
      [[], 'bob', 1, 'h1'],
      [[], 'eve', 2, 'h2'],
    ]);
  });

  it('a non-aggregating query that drops _id cannot give Kibana its alerts: an error, not a pass', async () => {
    await expect(run(rule('FROM logs-* | WHERE event.code == "1"'))).rejects.toThrow(/must keep _id/);
  });

  it('a command outside the engine\'s subset is refused by name', async () => {
    await expect(run(rule('FROM logs-* METADATA _id | ENRICH hosts-policy ON host.name'))).rejects.toThrow(/ENRICH/i);
  });

  it('counts each WHERE operand on the rows that reach it, a missing field as null, after STATS too', () => {
    const text = 'FROM logs-endpoint.events.process-*\n| WHERE process.command_line LIKE "*vssadmin*" AND NOT user.name == "old"\n| STATS n = COUNT(*) BY host.name\n| WHERE n > 1';
    const parsed = parseQuery(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const recorder = new EsqlCoverageRecorder(parsed.query, text, () => types);
    recorder.record(documents, NOW);
    expect(recorder.result().map((c) => [c.step, c.condition, c.line, c.true, c.false, c.null])).toEqual([
      ['WHERE 1', 'process.command_line LIKE "*vssadmin*"', 2, 3, 1, 0],
      ['WHERE 1', 'user.name == "old"', 2, 1, 3, 0],
      ['WHERE 2', 'n > 1', 4, 0, 2, 0],
    ]);
  });

  it('maps a field the query names even when no document of the case holds it, as the rule\'s indices do', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'esql-unmapped-'));
    const example = await readFile(path.join(REPO_ROOT, 'rules/windows/lateral_movement_remote_registry_access_to_many_hosts.toml'), 'utf8');
    const query = example.slice(example.indexOf("query = '''"), example.indexOf("'''", example.indexOf("query = '''") + 11) + 3);
    await mkdir(path.join(dir, 'rules'));
    await mkdir(path.join(dir, 'tests'));
    await writeFile(path.join(dir, 'rules', 'r.toml'), example.replace(query, "query = '''\nFROM logs-system.security-* METADATA _id\n| WHERE user.name IS NULL\n| KEEP _id\n'''"));
    await writeFile(
      path.join(dir, 'tests', 'r.test.yaml'),
      'rule_id: 9d3c1e42-5b7a-4f06-8c2d-1a6e4b9f7c35\ncases:\n  - name: no user\n    now: "2024-05-01T10:05:00Z"\n    documents:\n      - { _id: a, _index: logs-system.security-default, "@timestamp": now-1m, host: { name: h } }\n    expect: { alerts: 1, matches: [[a]] }\n',
    );
    const { rules } = await loadRules([path.join(dir, 'rules')]);
    const run = await runRuleTests(rules, { backend: createEmbeddedBackend(), testsDir: path.join(dir, 'tests') });
    expect(run.reports[0]!.cases.map((c) => [c.passed, c.error ?? null])).toEqual([[true, null]]);
  });
});
