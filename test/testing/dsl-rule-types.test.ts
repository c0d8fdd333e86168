// Query, threshold and new_terms rules replayed on the embedded engine: KQL translated as Kibana's
// detection engine does, then each rule type's executor (max_signals, threshold at exactly the value,
// cardinality, new terms first seen strictly after `from`, array values), and rule types that cannot
// be replayed skipped with their reason.
import { describe, expect, it } from 'vitest';
import { buildRuleQuery } from '../../scripts/kql/index.js';
import type { RuleFile } from '../../scripts/rules/rule-file.js';
import { alertsFromDetection, dslRuleSearchFor } from '../../scripts/testing/detection-run.js';
import { detect } from '../../scripts/testing/detection/detect.js';
import { replayKind } from '../../scripts/testing/replay-kind.js';
import type { EventDocument, FieldMapping } from '../../scripts/engines/types.js';

const NOW = Date.parse('2024-05-01T10:05:00Z');
const types = new Map<string, FieldMapping>([
  ['@timestamp', { type: 'date' }],
  ['event.code', { type: 'keyword' }],
  ['user.name', { type: 'keyword' }],
  ['source.ip', { type: 'ip' }],
  ['host.name', { type: 'keyword' }],
]);

function rule(body: Record<string, unknown>): RuleFile {
  return { document: { rule: { rule_id: 'r1', name: 'R', severity: 'low', risk_score: 21, index: ['logs-*'], from: 'now-6m', language: 'kuery', ...body } } } as unknown as RuleFile;
}

function run(r: RuleFile, sources: Record<string, unknown>[]) {
  const built = buildRuleQuery({ query: r.document.rule.query ?? '', language: 'kuery' });
  if (!built.ok) throw new Error(built.error);
  const documents: EventDocument[] = sources.map((source, n) => ({ _index: 'logs-x', _id: `d${n + 1}`, _source: source }));
  const search = dslRuleSearchFor(r, { bool: built.query.bool }, documents, types, NOW);
  return alertsFromDetection(r, detect(search), search.timestampField);
}

const failure = (minutesAgo: number, user: string, ip = '10.0.0.1') => ({ '@timestamp': new Date(NOW - minutesAgo * 60_000).toISOString(), event: { code: '4625' }, user: { name: user }, source: { ip } });

describe('query rules', () => {
  it('one alert per matching event in the window, oldest first, capped at max_signals', () => {
    const r = rule({ type: 'query', query: 'event.code: 4625 and not user.name: admin*', max_signals: 2 });
    const alerts = run(r, [failure(3, 'bob'), failure(5, 'eve'), failure(1, 'carol'), failure(2, 'administrator'), failure(10, 'old')]);
    expect(alerts.map((alert) => alert.ids)).toEqual([['d2'], ['d1']]);
    expect(alerts[0]!.fields['kibana.alert.original_time']).toBe(new Date(NOW - 5 * 60_000).toISOString());
  });
});

describe('threshold rules', () => {
  const base = { type: 'threshold', query: 'event.code: 4625' };
  it('a bucket per value with at least `value` events (exactly at the value counts), with threshold_result', () => {
    const r = rule({ ...base, threshold: { field: ['user.name'], value: 3 } });
    const alerts = run(r, [failure(4, 'bob'), failure(3, 'bob'), failure(2, 'bob'), failure(1, 'eve'), failure(1, 'eve')]);
    expect(alerts.map((alert) => alert.ids)).toEqual([['d1', 'd2', 'd3']]);
    expect(alerts[0]!.fields['kibana.alert.threshold_result']).toEqual({
      terms: [{ field: 'user.name', value: 'bob' }],
      count: 3,
      from: new Date(NOW - 4 * 60_000).toISOString(),
    });
    expect(alerts[0]!.fields['kibana.alert.original_time']).toBe(new Date(NOW - 2 * 60_000).toISOString());
  });
  it('cardinality: distinct values of another field per bucket; no fields: one bucket of everything', () => {
    const spray = rule({ ...base, threshold: { field: ['source.ip'], value: 2, cardinality: [{ field: 'user.name', value: 3 }] } });
    const docs = [failure(4, 'a', '10.0.0.1'), failure(3, 'b', '10.0.0.1'), failure(2, 'c', '10.0.0.1'), failure(2, 'a', '10.0.0.2'), failure(1, 'a', '10.0.0.2')];
    const alerts = run(spray, docs);
    expect(alerts.map((alert) => (alert.fields['kibana.alert.threshold_result'] as { cardinality: unknown }).cardinality)).toEqual([[{ field: 'user.name', value: 3 }]]);
    expect(run(rule({ ...base, threshold: { field: [], value: 5 } }), docs)).toHaveLength(1);
    expect(run(rule({ ...base, threshold: { field: '', value: 6 } }), docs)).toHaveLength(0);
  });
});

describe('new_terms rules', () => {
  const base = { type: 'new_terms', query: 'event.code: 4625', new_terms_fields: ['user.name'], history_window_start: 'now-1h' };
  it('a value first seen in the window alerts once, on its earliest event; values seen in the history do not', () => {
    const alerts = run(rule(base), [failure(30, 'bob'), failure(3, 'bob'), failure(4, 'eve'), failure(2, 'eve'), failure(1, 'zed')]);
    expect(alerts.map((alert) => [alert.ids[0], alert.fields['kibana.alert.new_terms']])).toEqual([['d3', ['eve']], ['d5', ['zed']]]);
  });
  it('a value first seen exactly at `from` is not new (first_seen must be after it); history beyond its start is ignored', () => {
    expect(run(rule(base), [failure(6, 'bob'), failure(3, 'bob')])).toHaveLength(0);
    expect(run(rule(base), [failure(61, 'bob'), failure(3, 'bob')])).toHaveLength(1);
  });
  it('each value of an array and each combination across fields is a term', () => {
    const two = rule({ ...base, new_terms_fields: ['user.name', 'host.name'] });
    const alerts = run(two, [{ ...failure(30, 'bob'), host: { name: 'h1' } }, { ...failure(2, 'bob'), host: { name: ['h1', 'h2'] } }]);
    expect(alerts.map((alert) => alert.fields['kibana.alert.new_terms'])).toEqual([['bob', 'h2']]);
  });
});

describe('which engine path replays a rule type', () => {
  it('threat_match, machine_learning and saved_query are not applicable, with a reason; esql runs on the ES|QL engine', () => {
    expect(replayKind(rule({ type: 'threat_match' }))).toMatchObject({ kind: 'not-applicable', reason: expect.stringMatching(/indicator/) });
    expect(replayKind(rule({ type: 'machine_learning' }))).toMatchObject({ kind: 'not-applicable', reason: expect.stringMatching(/anomaly/) });
    expect(replayKind(rule({ type: 'saved_query' }))).toMatchObject({ kind: 'not-applicable', reason: expect.stringMatching(/saved object/) });
    expect(replayKind(rule({ type: 'esql', language: 'esql' }))).toEqual({ kind: 'esql' });
    expect(replayKind(rule({ type: 'query' }))).toEqual({ kind: 'dsl' });
  });
});
