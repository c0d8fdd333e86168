import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const start = Date.parse('2024-05-01T00:00:00Z');

/** Noise, plus an attack (logon then share) on host-N every 10 minutes, for `attacks` attacks. */
function events(attacks: number, sorted = true): string {
  const lines: object[] = [];
  for (let n = 0; n < attacks; n += 1) {
    const t = start + n * 600_000;
    const host = { id: `host-${n}` };
    lines.push({ '@timestamp': new Date(t).toISOString(), event: { category: ['process'], action: 'start' }, host });
    lines.push({ '@timestamp': new Date(t + 1000).toISOString(), event: { category: ['iam'], action: 'logged-in-special' }, host, winlog: { event_data: { SubjectLogonId: '0x1', PrivilegeList: ['SeBackupPrivilege'] } } });
    lines.push({ '@timestamp': new Date(t + 2000).toISOString(), event: { category: ['iam'], action: 'logged-in-special' }, host, winlog: { event_data: { SubjectLogonId: '0x2', PrivilegeList: ['SeBackupPrivilege', 'SeDebugPrivilege'] } } });
    lines.push({ '@timestamp': new Date(t + 3000).toISOString(), event: { category: ['network'], action: 'Detailed File Share' }, host, winlog: { event_data: { SubjectLogonId: '0x2', RelativeTargetName: 'winreg' } } });
    lines.push({ '@timestamp': new Date(t + 4000).toISOString(), event: { category: ['network'], action: 'Detailed File Share' }, host, winlog: { event_data: { SubjectLogonId: '0x1', RelativeTargetName: 'winreg' } } });
  }
  if (!sorted) lines.reverse();
  return lines.map((line) => JSON.stringify(line)).join('\n');
}

async function file(content: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'replay-'));
  const target = path.join(dir, 'events.ndjson');
  await writeFile(target, content);
  return target;
}

describe('npm run replay', () => {
  it('retro-hunts over the whole file: one alert per planted attack, alerts as NDJSON, the summary last', async () => {
    const run = runCli(['replay', SEED, '--events', await file(events(30)), '--format', 'json']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(31);
    expect(lines[0]).toMatchObject({ 'kibana.alert.rule.rule_id': '47e22836-4a16-4b35-beee-98f6c4ee9bf2', events: [{ _id: '2' }, { _id: '5' }] });
    expect(lines[30]).toEqual({ summary: { events: 150, alerts: 30, sequences: 30, seconds: expect.any(Number) } });
  });

  it('with --now emulates one run: only the look-back window is searched', async () => {
    const now = new Date(start + 5 * 600_000 + 60_000).toISOString();
    const run = runCli(['replay', SEED, '--events', await file(events(30)), '--now', now, '--format', 'json']);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { summary: { alerts: number } };
    expect(summary.summary.alerts).toBe(1);
  });

  it('reads an unsorted export again, buffered, with a note', async () => {
    const run = runCli(['replay', SEED, '--events', await file(events(5, false)), '--format', 'json']);
    expect(run.stderr).toContain('is not sorted by time');
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ summary: { alerts: 5 } });
  });

  it('names the line of a broken event and exits 2', async () => {
    const run = runCli(['replay', SEED, '--events', await file(`${events(1)}\n{"@timestamp": "2024-05-01T00:00:09Z", "event": {"category": ["iam"],`)]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/events\.ndjson:6: invalid JSON/);
  });

  it('exits 2 without --events', () => {
    expect(runCli(['replay', SEED]).status).toBe(2);
  });
});

describe('npm run replay: usage', () => {
  it('says why --engine elasticsearch is not offered, and what to run instead (exit 2)', async () => {
    const run = runCli(['replay', SEED, '--events', await file(events(1)), '--engine', 'elasticsearch']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('npm run test:rules -- --engine elasticsearch');
  });

  it('exits 2 for a rule file that does not exist', async () => {
    const run = runCli(['replay', 'rules/windows/nonexistent.toml', '--events', await file(events(1))]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot read the rule file rules/windows/nonexistent.toml: no such file');
  });
});
