// Every fault leaves Kibana equal to the repository: no rule lost, none duplicated.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as deploy } from '../../scripts/kibana/deploy-command.js';
import { runCommandCaptured, type CommandRun } from '../command-runner.js';
import { KibanaStandIn, type Fault } from './kibana-stand-in.js';
import { removeRuleCopies, writeRuleCopies } from './rule-copies.js';

const API_KEY = 'ZmF1bHRzOmtleQ==';
const RULES = '/api/detection_engine/rules';
const COPIES = 5;

let kibana: KibanaStandIn;
let folder: string;

async function run(argv: string[], extra: string[] = []): Promise<CommandRun> {
  return runCommandCaptured(deploy, [...argv, folder, '--backoff', '10', '--timeout', '400', ...extra], {
    KIBANA_URL: kibana.url,
    KIBANA_API_KEY: API_KEY,
  });
}

/** Kibana holds each repository rule exactly once and a new plan has nothing to do. */
async function expectKibanaMatchesRepository(): Promise<void> {
  const ids = kibana.rules().map((rule) => rule.rule_id);
  expect(ids).toHaveLength(COPIES);
  expect(new Set(ids).size).toBe(COPIES);
  expect((await run(['plan', '--detailed-exitcode'])).code).toBe(0);
}

beforeEach(async () => {
  kibana = await KibanaStandIn.start({ apiKey: API_KEY });
  folder = writeRuleCopies(COPIES);
});
afterEach(async () => {
  await kibana.close();
  removeRuleCopies(folder);
});

describe('faults on apply with _import', () => {
  // [name, fault, times injected, _import requests in all]: a refused import (503) is sent again;
  // one whose answer is lost is sent again only for the rules the read-back does not show.
  const faults: [string, Fault, number, number][] = [
    ['503 twice', { kind: 'status', status: 503 }, 2, 3],
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: '0' }, 1, 2],
    ['a first attempt still running when the answer times out', { kind: 'late', ms: 2_000 }, 1, 2],
    ['502', { kind: 'status', status: 502 }, 1, 2],
    ['a connection dropped before Kibana read it', { kind: 'drop-before' }, 1, 2],
    ['a connection dropped after Kibana imported', { kind: 'drop-after' }, 2, 1],
    ['an answer slower than the timeout', { kind: 'slow', ms: 1_000 }, 1, 1],
  ];
  it.each(faults)('survives %s', async (_name, fault, times, imports) => {
    kibana.injectFault({ method: 'POST', path: `${RULES}/_import`, fault }, times);
    const applied = await run(['apply']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`${COPIES} created`);
    expect(kibana.requests.filter((request) => request.path.endsWith('/_import'))).toHaveLength(imports);
    await expectKibanaMatchesRepository();
  });
});

describe('faults on reads', () => {
  it('waits as long as Retry-After says on 429', async () => {
    kibana.injectFault({ method: 'GET', path: `${RULES}/_find`, fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const started = Date.now();
    const plan = await run(['plan']);
    expect(plan.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(kibana.requests.filter((request) => request.path.endsWith('/_find')).map((request) => request.status)).toEqual([429, 200]);
  });

  it('gives up after the last attempt with Kibana\'s answer, exit 2', async () => {
    kibana.injectFault({ method: 'GET', path: `${RULES}/_find`, fault: { kind: 'status', status: 503 } }, 10);
    const plan = await run(['plan'], ['--retries', '3']);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('HTTP 503: injected 503');
    expect(kibana.requests).toHaveLength(3);
  });

  it('reports an unreachable Kibana with exit 2, not a stack trace', async () => {
    const url = kibana.url;
    await kibana.close();
    const plan = await runCommandCaptured(deploy, ['plan', folder, '--retries', '2', '--backoff', '1'], { KIBANA_URL: url, KIBANA_API_KEY: API_KEY });
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/connection refused \(ECONNREFUSED\) \(gave up after 2 attempts\)/);
    expect(plan.stderr).not.toMatch(/\n\s+at /);
    kibana = await KibanaStandIn.start({ apiKey: API_KEY });
  });
});

describe('faults on apply rule by rule', () => {
  it('does not create a rule twice when the answer to its POST is lost: it asks first', async () => {
    kibana.injectFault({ method: 'POST', path: RULES, fault: { kind: 'drop-after' } }, 2);
    const applied = await run(['apply'], ['--strategy', 'rules']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`${COPIES} created`);
    const statuses = kibana.requests.filter((request) => request.path === RULES).map((request) => `${request.method} ${request.status}`);
    // Each lost POST is followed by a GET by rule_id that finds the rule: no second POST, no 409.
    expect(statuses.slice(0, 4)).toEqual(['POST 0', 'GET 200', 'POST 0', 'GET 200']);
    expect(statuses.filter((status) => status === 'POST 409')).toEqual([]);
    await expectKibanaMatchesRepository();
  });

  it('sends a POST again when the check shows it did not take effect', async () => {
    kibana.injectFault({ method: 'POST', path: RULES, fault: { kind: 'drop-before' } }, 1);
    const applied = await run(['apply'], ['--strategy', 'rules']);
    expect(applied.code).toBe(0);
    const statuses = kibana.requests.filter((request) => request.path === RULES).map((request) => `${request.method} ${request.status}`);
    expect(statuses.slice(0, 3)).toEqual(['POST 0', 'GET 404', 'POST 200']);
    await expectKibanaMatchesRepository();
  });

  it('retries a PUT after a 504', async () => {
    expect((await run(['apply'])).code).toBe(0);
    for (const rule of kibana.rules()) rule.severity = 'low';
    kibana.injectFault({ method: 'PUT', path: RULES, fault: { kind: 'status', status: 504 } }, 1);
    const applied = await run(['apply'], ['--strategy', 'rules']);
    expect(applied.stdout).toContain(`0 created, ${COPIES} updated`);
    await expectKibanaMatchesRepository();
  });
});

describe('faults on prune', () => {
  it('counts rules an earlier, lost _bulk_action already deleted as deleted', async () => {
    expect((await run(['apply'])).code).toBe(0);
    for (const file of readdirSync(folder).sort().slice(COPIES - 2)) rmSync(path.join(folder, file));
    kibana.injectFault({ method: 'POST', path: `${RULES}/_bulk_action`, fault: { kind: 'drop-after' } }, 1);
    const pruned = await run(['apply'], ['--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('0 created, 0 updated, 2 deleted');
    expect(kibana.requests.filter((request) => request.path.endsWith('/_bulk_action')).map((request) => request.status)).toEqual([0, 500]);
    expect(kibana.rules()).toHaveLength(COPIES - 2);
  });
});
