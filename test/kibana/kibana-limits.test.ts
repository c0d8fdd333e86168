// Every deploy path against the stand-in where it follows Kibana's limits and answers: 100 ids a
// bulk action, "(unknown id)" import errors, the 10,000-result window of _find, both forms of a
// missing bulk id, duplicate rule_ids, the prune guard, and no listener piling up per request.
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as deploy } from '../../scripts/kibana/deploy-command.js';
import { managedTag } from '../../scripts/kibana/managed-mark.js';
import { loadDesiredRules } from '../../scripts/kibana/desired-rules.js';
import { pruneGuard } from '../../scripts/kibana/prune-guard.js';
import { runCommandCaptured, type CommandRun } from '../command-runner.js';
import { KibanaStandIn, type StandInOptions } from './kibana-stand-in.js';
import { copyRuleId, removeRuleCopies, SEED_RULE, SEED_RULE_ID, writeRuleCopies } from './rule-copies.js';

const API_KEY = 'bGltaXRzOmtleS1mb3ItbGltaXRz';
const RULES = '/api/detection_engine/rules';

let kibana: KibanaStandIn;
const folders: string[] = [];

async function start(options: Omit<StandInOptions, 'apiKey'> = {}): Promise<void> {
  await kibana?.close();
  kibana = await KibanaStandIn.start({ apiKey: API_KEY, ...options });
}

function copies(count: number): string {
  const folder = writeRuleCopies(count);
  folders.push(folder);
  return folder;
}

async function run(argv: string[]): Promise<CommandRun> {
  return runCommandCaptured(deploy, [...argv, '--backoff', '5', '--timeout', '5000'], { KIBANA_URL: kibana.url, KIBANA_API_KEY: API_KEY });
}

const requestsTo = (suffix: string): string[] => kibana.requests.filter((request) => request.path.endsWith(suffix)).map((request) => `${request.method} ${request.status}`);

beforeEach(async () => {
  kibana = await KibanaStandIn.start({ apiKey: API_KEY });
});
afterEach(async () => {
  await kibana.close();
  for (const folder of folders.splice(0)) removeRuleCopies(folder);
});

describe('prune', () => {
  it('deletes 250 managed rules in bulk actions of at most 100 ids', async () => {
    const folder = copies(260);
    expect((await run(['apply', folder])).code).toBe(0);
    for (let n = 10; n < 260; n += 1) rmSync(path.join(folder, `copy_${String(n).padStart(5, '0')}.toml`));
    const pruned = await run(['apply', folder, '--prune']);
    expect(pruned.stderr).toBe('');
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('0 created, 0 updated, 250 deleted, 10 unchanged, 0 failed');
    expect(requestsTo('/_bulk_action')).toEqual(['POST 200', 'POST 200', 'POST 200']);
    expect(kibana.rules()).toHaveLength(10);
  });

  it('counts ids a lost bulk action already deleted as deleted, in the skip form of newer Kibanas', async () => {
    await start({ bulkNotFound: 'skip' });
    const folder = copies(4);
    expect((await run(['apply', folder])).code).toBe(0);
    rmSync(path.join(folder, 'copy_00003.toml'));
    kibana.injectFault({ method: 'POST', path: `${RULES}/_bulk_action`, fault: { kind: 'drop-after' } });
    const pruned = await run(['apply', folder, '--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('1 deleted');
    expect(requestsTo('/_bulk_action')).toEqual(['POST 0', 'POST 200']);
  });

  it('refuses to delete a rule whose file still exists in the repository, as a symlink or outside the paths given', async () => {
    const folder = copies(3);
    expect((await run(['apply', folder])).code).toBe(0);
    const gone = path.join(folder, 'copy_00002.toml');
    rmSync(gone);
    symlinkSync(path.join(folder, 'copy_00000.toml'), gone);
    // Deploying only copy 0: copy 1 is still a file, copy 2 a symlink at its recorded path.
    const pruned = await run(['apply', path.join(folder, 'copy_00000.toml'), '--prune']);
    expect(pruned.code).toBe(1);
    expect(pruned.stdout).toContain('0 deleted');
    expect(pruned.stdout).toMatch(/refused\s+.*\(copy 1\).*still/);
    expect(pruned.stdout).toMatch(/refused\s+.*\(copy 2\).*still/);
    expect(requestsTo('/_bulk_action')).toEqual([]);
    expect(kibana.rules()).toHaveLength(3);
  });
});

describe('_import answers reconciled', () => {
  it('reports a rule Kibana refuses under "(unknown id)" as failed, not created', async () => {
    const folder = copies(3);
    kibana.refuseRule(copyRuleId(1), 400, 'from: Failed to parse date-math expression', 'schema');
    const applied = await run(['apply', folder]);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/failed\s+.*\(copy 1\).*from: Failed to parse date-math expression \(Kibana named no rule: "\(unknown id\)"\)/);
    expect(applied.stdout).toContain('2 created, 0 updated, 0 deleted, 0 unchanged, 1 failed');
  });

  it('imports a chunk of limit − 1 rules that Kibana takes, never one of the limit it refuses', async () => {
    await start({ maxImportObjects: 10 });
    const folder = copies(10);
    const applied = await run(['apply', folder, '--import-max-objects', '10']);
    expect(applied.code).toBe(0);
    expect(requestsTo('/_import')).toEqual(['POST 200', 'POST 200']);
  });
});

describe('_find past the 10,000-result window', () => {
  it('lists 10,600 rules without a page beyond the window', async () => {
    for (let n = 0; n < 10_600; n += 1) kibana.seed({ rule_id: `other-${n}`, name: `other ${n}`, description: 'd', risk_score: 1, severity: 'low', type: 'query', query: '*', tags: [] });
    const folder = copies(1);
    const planned = await run(['plan', folder]);
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('Plan: 1 to create');
    const finds = kibana.requests.filter((request) => request.path.endsWith('/_find'));
    expect(finds.every((request) => request.status === 200)).toBe(true);
    // 20 pages fill the window, then 2 more from the last created_at (one page read twice).
    expect(finds).toHaveLength(22);
  }, 60_000);
});

describe('duplicate rule_ids in Kibana', () => {
  it('shows a second copy of a managed rule as drift and apply deletes it, keeping one', async () => {
    const folder = copies(2);
    expect((await run(['apply', folder])).code).toBe(0);
    const copy = kibana.duplicate(copyRuleId(0));
    const planned = await run(['plan', folder, '--detailed-exitcode']);
    expect(planned.code).toBe(1);
    expect(planned.stdout).toContain(`a second copy of this rule_id in Kibana (object id ${String(copy.id)})`);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 1 to delete, 2 unchanged.');
    const applied = await run(['apply', folder]);
    expect(applied.code).toBe(0);
    expect(kibana.rules().map((rule) => rule.rule_id).sort()).toEqual([copyRuleId(0), copyRuleId(1)]);
    expect((await run(['plan', folder, '--detailed-exitcode'])).code).toBe(0);
  });

  it('leaves a copy it does not own alone and refuses the rule_id', async () => {
    const folder = copies(1);
    expect((await run(['apply', folder])).code).toBe(0);
    const copy = kibana.duplicate(copyRuleId(0));
    copy.tags = ['Custom'];
    const applied = await run(['apply', folder]);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/refused\s+.*without the tag/);
    expect(kibana.rules()).toHaveLength(2);
  });
});

describe('the read-back after apply', () => {
  it('fails the run, rule by rule, when Kibana does not hold what its _import answer reported', async () => {
    const folder = copies(2);
    kibana.injectFault({ method: 'POST', path: `${RULES}/_import`, fault: { kind: 'forget' } });
    const applied = await run(['apply', folder]);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/failed\s+.*\(copy 0\).*: read-back: Kibana does not hold the rule/);
    expect(applied.stdout).toContain('0 created, 0 updated, 0 deleted, 0 unchanged, 2 failed');
  });

  it('catches an update Kibana answered but did not keep, with the fields that differ', async () => {
    const folder = copies(2);
    expect((await run(['apply', folder])).code).toBe(0);
    for (const rule of kibana.rules()) rule.severity = 'low';
    kibana.injectFault({ method: 'PUT', path: RULES, fault: { kind: 'forget' } });
    const applied = await run(['apply', folder, '--strategy', 'rules']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/failed\s+.*\(copy 0\).*read-back: Kibana's rule differs from the repository in severity/);
    expect(applied.stdout).toContain('0 created, 1 updated');
  });

  it('stops at an _import answer that is not _import\'s JSON', async () => {
    const folder = copies(2);
    kibana.injectFault({ method: 'POST', path: `${RULES}/_import`, fault: { kind: 'status', status: 200 } });
    const applied = await run(['apply', folder]);
    expect(applied.code).toBe(2);
    expect(applied.stderr).toContain('not the JSON of _import');
  });
});

describe('sockets', () => {
  it('adds no listener per request on a kept-alive socket: 300 rules rule by rule, no MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const folder = copies(300);
      const applied = await run(['apply', folder, '--strategy', 'rules']);
      expect(applied.code).toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
      expect(kibana.connections).toBeLessThan(20);
    } finally {
      process.off('warning', onWarning);
    }
  }, 60_000);
});

describe('Elastic prebuilt rule_ids', () => {
  it.each(['import', 'rules'])('stores the seed rule (a copy of a prebuilt rule) as the same kind with --strategy %s, and the plan says why it matters', async (strategy) => {
    await start({ prebuiltRuleIds: [SEED_RULE_ID] });
    const planned = await run(['plan', SEED_RULE, '--format', 'json']);
    expect(JSON.parse(planned.stdout)).toMatchObject({ actions: [{ action: 'create', rule_id: SEED_RULE_ID, prebuilt: true }] });
    const text = await run(['plan', SEED_RULE]);
    expect(text.stdout).toContain('1 rule has an Elastic prebuilt rule_id: Kibana treats it as a customised Elastic rule, and upgrades from Elastic may conflict');
    expect((await run(['apply', SEED_RULE, '--strategy', strategy])).code).toBe(0);
    expect(kibana.rules()).toMatchObject([{ rule_id: SEED_RULE_ID, immutable: true, rule_source: { type: 'external' } }]);
    expect(requestsTo(RULES)).toEqual([]);
    expect((await run(['plan', SEED_RULE, '--detailed-exitcode'])).code).toBe(0);
  });
});

describe('pruneGuard', () => {
  it('stops prune while any rule file of the repository fails to load, even outside the paths deployed', async () => {
    const folder = copies(2);
    const repoRoot = path.resolve(folder, '../..');
    writeFileSync(path.join(folder, 'broken.toml'), '[rule\nname = ');
    const deployed = [path.join(folder, 'copy_00000.toml')];
    const guard = await pruneGuard(repoRoot, deployed, (await loadDesiredRules(deployed, { owner: 'o', repoRoot })).desired);
    expect(guard.findings.map((finding) => [path.basename(finding.file), finding.code.split('.')[0]])).toEqual([['broken.toml', 'load']]);
    expect(guard.keepFromPrune({ id: 'x', rule_id: copyRuleId(0) })).toMatchObject({ reason: expect.stringContaining('copy_00000.toml') });
    expect(guard.keepFromPrune({ id: 'x', rule_id: copyRuleId(1) })).toMatchObject({ reason: expect.stringContaining('its rule_id is still in') });
    expect(guard.keepFromPrune({ id: 'x', rule_id: 'gone' })).toBeUndefined();
  });

  it('lets prune delete a deprecated rule whose file stays in the repository as a record', async () => {
    const folder = copies(2);
    const repoRoot = path.resolve(folder, '../..');
    const file = path.join(folder, 'copy_00001.toml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/maturity = "[a-z]+"/, 'maturity = "deprecated"'));
    const loaded = await loadDesiredRules([folder], { owner: 'o', repoRoot });
    expect(loaded.deprecated.map((rule) => rule.document.rule.rule_id)).toEqual([copyRuleId(1)]);
    const guard = await pruneGuard(repoRoot, [folder], loaded.desired, loaded.deprecated);
    expect(guard.keepFromPrune({ id: 'x', rule_id: copyRuleId(0) })).toBeDefined();
    expect(guard.keepFromPrune({ id: 'x', rule_id: copyRuleId(1), meta: { repository: { file: path.relative(repoRoot, file) } } })).toBeUndefined();
  });
});

describe('help text', () => {
  it('names Kibana\'s real import settings', async () => {
    const help = await runCommandCaptured(deploy, ['--help']);
    const text = `${help.stdout}${help.stderr}`;
    expect(text).toContain('xpack.securitySolution.maxRuleImportPayloadBytes');
    expect(text).toContain('xpack.securitySolution.maxRuleImportExportSize');
    expect(text).not.toContain('savedObjects');
  });
});

describe('the read-back after a lost _import answer', () => {
  it('finds the owner\'s rules by tag even when the owner name holds a quote, and sends nothing twice', async () => {
    const folder = copies(3);
    kibana.injectFault({ method: 'POST', path: `${RULES}/_import`, fault: { kind: 'drop-after' } });
    const applied = await run(['apply', folder, '--owner', 'team "blue"']);
    expect(applied.code).toBe(0);
    expect(requestsTo('/_import')).toEqual(['POST 0']);
    expect(kibana.rules().every((rule) => (rule.tags as string[]).includes(managedTag('team "blue"')))).toBe(true);
  });
});
