// The Detection Engine calls against the stand-in: Kibana's answers and both of its error shapes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
    // Kibana answers a missing id with "Rule not found", status 500: gone already, not a failure.
    expect(answer).toEqual({ deleted: [a.id], missing: ['no-such-id'], failures: [] });
    expect(kibana.rules()).toEqual([]);
  });

  it('exports the asked rules as NDJSON', async () => {
    await createRule(client, rule('a'));
    await createRule(client, rule('b'));
    const lines = (await exportRules(client, ['b'])).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { rule_id: string }).rule_id)).toEqual(['b']);
  });
});

describe('findAllRules while the rules change', () => {
  const live = (n: number) => ({ id: `id-${n}`, rule_id: `r-${n}`, tags: [] });
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, n) => live(from + n));
  let server: http.Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A Kibana whose successive _find answers are `pages`, the last one repeated. */
  async function scripted(pages: { total: number; data: unknown[] }[]): Promise<{ client: KibanaClient; calls: () => number }> {
    let calls = 0;
    server = http.createServer((_request, response) => {
      const page = pages[Math.min(calls, pages.length - 1)];
      calls += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { client: new KibanaClient(connectionFromEnvironment({ KIBANA_URL: url, KIBANA_API_KEY: API_KEY })), calls: () => calls };
  }

  it('reads the listing again when a rule is deleted between pages, so no rule is hidden', async () => {
    // r-0 is deleted after page 1: page 2 starts one later and r-500 is on neither page.
    const kibana = await scripted([
      { total: 601, data: range(0, 500) },
      { total: 600, data: range(501, 601) },
      { total: 600, data: range(1, 501) },
      { total: 600, data: range(501, 601) },
    ]);
    const rules = await findAllRules(kibana.client);
    expect(kibana.calls()).toBe(4);
    expect(rules.map((rule) => rule.rule_id).sort()).toEqual(range(1, 601).map((rule) => rule.rule_id).sort());
  });

  it('gives up with a plain message when the rules keep changing', async () => {
    const kibana = await scripted([{ total: 700, data: range(0, 500) }, { total: 600, data: range(500, 600) }, { total: 700, data: range(0, 500) }, { total: 600, data: range(500, 600) }, { total: 700, data: range(0, 500) }, { total: 600, data: range(500, 600) }]);
    await expect(findAllRules(kibana.client)).rejects.toThrow(/they kept changing while being read, or Kibana's totals did not match its pages \(3 tries\)/);
    expect(kibana.calls()).toBe(6);
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

describe('the stand-in answers as Kibana\'s source does', () => {
  const send = async (method: string, route: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${kibana.url}/api/detection_engine/rules${route}`, {
      method,
      headers: { authorization: `ApiKey ${API_KEY}`, 'kbn-xsrf': 'true', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const bare = { rule_id: 'bare', name: 'n', description: 'd', type: 'query', query: '*', risk_score: 1, severity: 'low' };

  it('stores enabled: false when the request leaves it out', async () => {
    expect((await send('POST', '', bare)).body).toMatchObject({ enabled: false, version: 1, revision: 0, immutable: false });
  });

  it('keeps enabled and version on a PUT that leaves them out, and bumps revision only when parameters change', async () => {
    await send('POST', '', { ...bare, enabled: true, version: 7 });
    const same = await send('PUT', '', bare);
    expect(same.body).toMatchObject({ enabled: true, version: 7, revision: 0 });
    const changed = await send('PUT', '', { ...bare, severity: 'high' });
    expect(changed.body).toMatchObject({ enabled: true, version: 7, revision: 1 });
  });

  it('refuses more than 100 ids in one bulk action', async () => {
    const answer = await send('POST', '/_bulk_action', { action: 'delete', ids: Array.from({ length: 101 }, (_, n) => `id-${n}`) });
    expect(answer).toEqual({ status: 400, body: { status_code: 400, message: 'More than 100 ids sent for bulk edit action.' } });
    await expect(bulkDelete(client, Array.from({ length: 101 }, (_, n) => `id-${n}`))).rejects.toThrow(RangeError);
  });

  it('answers a missing bulk id with 500 "Rule not found"', async () => {
    expect(await send('POST', '/_bulk_action', { action: 'delete', ids: ['nope'] })).toMatchObject({
      status: 500,
      body: { message: 'Bulk edit failed', attributes: { errors: [{ message: 'Rule not found', status_code: 500, rules: [{ id: 'nope' }] }], summary: { failed: 1, total: 1 } } },
    });
  });

  it('refuses a _find page past the 10,000-result window with Elasticsearch\'s error', async () => {
    const response = await fetch(`${kibana.url}/api/detection_engine/rules/_find?page=21&per_page=500`, { headers: { authorization: `ApiKey ${API_KEY}` } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('Result window is too large');
  });
});
