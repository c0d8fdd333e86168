// The Detection Engine calls against the stand-in: Kibana's answers and both of its error shapes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { connectionFromEnvironment } from '../../scripts/kibana/connection.js';
import { KibanaClient } from '../../scripts/kibana/kibana-client.js';
import type { KibanaRulePayload } from '../../scripts/kibana/kibana-rule.js';
import { bulkDelete, createRule, exportRules, findAllRules, KibanaApiError, readRule, replaceRule } from '../../scripts/kibana/rules-api.js';
import { Secret } from '../../scripts/kibana/secret.js';
import { KibanaStandIn } from './kibana-stand-in.js';

const API_KEY = 'YXBpOnRlc3Q=';
let kibana: KibanaStandIn;
let client: KibanaClient;

const rule = (ruleId: string, extra: Record<string, unknown> = {}): KibanaRulePayload => ({
  rule_id: ruleId,
  name: `Rule ${ruleId}`,
  description: 'd',
  type: 'query',
  query: 'host.name:x',
  risk_score: 21,
  severity: 'low',
  version: 1,
  enabled: true,
  tags: [],
  meta: {},
  ...extra,
});

beforeEach(async () => {
  kibana = await KibanaStandIn.start({ apiKey: API_KEY });
  client = new KibanaClient(connectionFromEnvironment({ KIBANA_URL: kibana.url, KIBANA_API_KEY: API_KEY }, { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }));
});
afterEach(async () => {
  await kibana.close();
});

describe('rules API', () => {
  it('creates, reads, replaces and finds rules', async () => {
    const created = await createRule(client, rule('a'));
    expect(created).toMatchObject({ rule_id: 'a', revision: 0, to: 'now' });
    await replaceRule(client, rule('a', { severity: 'high' }));
    expect(await readRule(client, 'a')).toMatchObject({ severity: 'high', revision: 1, id: created.id });
    expect(await readRule(client, 'missing')).toBeUndefined();
    expect((await findAllRules(client)).map((found) => found.rule_id)).toEqual(['a']);
  });

  it("reports a duplicate create with Kibana's { status_code, message }", async () => {
    await createRule(client, rule('a'));
    const error = await createRule(client, rule('a')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KibanaApiError);
    expect((error as KibanaApiError).status).toBe(409);
    expect((error as KibanaApiError).message).toBe('creating rule a: HTTP 409: rule_id: "a" already exists');
  });

  it('reports a body Kibana rejects in its words, and Kibana requires kbn-xsrf on writes', async () => {
    const error = (await createRule(client, rule('a', { severity: 'urgent' })).catch((caught: unknown) => caught)) as KibanaApiError;
    expect(error.status).toBe(400);
    expect(error.message).toContain('[request body]: severity');
    const response = await fetch(`${kibana.url}/api/detection_engine/rules`, { method: 'POST', headers: { authorization: `ApiKey ${API_KEY}` }, body: '{}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Request must contain a kbn-xsrf header.' });
  });

  it('returns the failures of a partly failed bulk delete', async () => {
    const a = await createRule(client, rule('a'));
    const answer = await bulkDelete(client, [a.id, 'no-such-id']);
    expect(answer.failures).toEqual([{ id: 'no-such-id', message: 'Rule not found', status: 404 }]);
    expect(kibana.rules()).toEqual([]);
  });

  it('exports the asked rules as NDJSON', async () => {
    await createRule(client, rule('a'));
    await createRule(client, rule('b'));
    const lines = (await exportRules(client, ['b'])).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { rule_id: string }).rule_id)).toEqual(['b']);
  });
});

describe('Secret', () => {
  it('shows a placeholder however it is printed', () => {
    const secret = new Secret('ApiKey hunter2');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(inspect({ secret })).not.toContain('hunter2');
    expect(secret.reveal()).toBe('ApiKey hunter2');
  });
});
