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
    expect(lines[30]).toEqual({ format_version: 1, summary: { events: 150, bad_lines: 0, alerts: 30, sequences: 30, seconds: expect.any(Number) }, findings: [] });
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

  it('reports a bad line with its file and line, skips it, and ends with the alerts, a summary and exit 1', async () => {
    const events4 = events(4).split('\n');
    events4.splice(7, 0, '{"@timestamp": "2024-05-01T00:10:09Z", "event": {"category": ["iam"],', '[1, 2]', 'garbage');
    const target = await file(`${events4.join('\n')}\n{"@timestamp": "2024-05-01T00:00:09Z", "event": {"category": ["iam"],`);
    const run = runCli(['replay', SEED, '--events', target]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${target}:8:`);
    expect(run.stderr).toMatch(/:9:1: error replay.bad-line: /);
    expect(run.stderr).toMatch(/:10:1: error replay.bad-line: (invalid JSON|not a JSON object)/);
    expect(run.stderr).toMatch(/:24:\d+: error replay.bad-line: invalid JSON/);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toMatch(/^24 events \(4 bad lines skipped\), 4 alerts, 4 sequences/);

    const json = runCli(['replay', SEED, '--events', target, '--format', 'json']);
    expect(json.status).toBe(1);
    const summary = JSON.parse(json.stdout.trim().split('\n').at(-1)!) as { format_version: number; summary: { bad_lines: number; alerts: number }; findings: { path: string; line: number }[] };
    expect(summary).toMatchObject({ format_version: 1, summary: { bad_lines: 4, alerts: 4 } });
    expect(summary.findings.map((finding) => finding.line)).toEqual([8, 9, 10, 24]);
  });

  it('stops at the first bad line with --strict, and exits 1', async () => {
    const run = runCli(['replay', SEED, '--strict', '--events', await file(`${events(1)}\n{"@timestamp": "2024-05-01T00:00:09Z", "event": {"category": ["iam"],\n${events(1)}`)]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/events\.ndjson:6: invalid JSON/);
    expect(run.stdout).toBe('');
  });

  it("gives each alert the sequence's join-key values and the host and user fields of its events", async () => {
    const run = runCli(['replay', SEED, '--events', await file(events(1)), '--format', 'json']);
    const [alert] = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(alert).toMatchObject({ join_keys: ['host-0', '0x1'], events: [{ _id: '2', host: { id: 'host-0' } }, { _id: '5', host: { id: 'host-0' } }] });
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
