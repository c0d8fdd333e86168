// The engine benchmark as a command: it reports what it measured on a small file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/bench/engine-bench.js';
import { seedEvents } from '../../scripts/bench/generate-events.js';
import { captureOutput } from './capture-output.js';

const output = captureOutput();

function eventsFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    const time = 1_700_000_000_000 + i * 1000;
    lines.push(JSON.stringify({ '@timestamp': time, event: { category: ['iam'], action: i % 3 === 0 ? 'alpha' : 'noise' }, host: { id: `h${i % 7}` } }));
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-')), 'events.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('bench engine', () => {
  it('prints parse-only and engine times, the matches found and peak memory', async () => {
    const query = 'sequence by host.id with maxspan=1h [iam where event.action == "alpha"] [iam where event.action == "alpha"]';
    expect(await main([eventsFile(), '--query', query])).toBe(0);
    expect(output.out).toMatch(/parse-only: +[\d.]+ s/);
    expect(output.out).toMatch(/engine: +[\d.]+ s, [\d,]+ events\/s \([\d.]+× parse-only/);
    expect(output.out).toMatch(/lines parsed: +100 of 300/);
    // 100 "alpha" events over 7 hosts: each event both completes its host's pending sequence and
    // starts a new one, so a host with n events yields n - 1 sequences: 100 - 7.
    expect(output.out).toMatch(/sequences found: 93 /);
    expect(output.out).toMatch(/peak RSS: +\d+ MiB/);
  });

  it('exits 2 on a missing file or a query that does not parse', async () => {
    expect(await main(['/nonexistent.ndjson', '--query', 'any where true'])).toBe(2);
    expect(output.err).toMatch(/events file \/nonexistent.ndjson not found/);
    expect(await main([eventsFile(), '--query', 'any where ('])).toBe(2);
    expect(output.err).toMatch(/query does not parse/);
  });
});

describe('bench engine --rule', () => {
  it('takes the query of a YAML rule as of a TOML one, and names a rule that does not load', async () => {
    expect(await main([eventsFile(), '--rule', 'test/fixtures/rules/seed-rule.yaml'])).toBe(0);
    expect(output.out).toMatch(/sequences found: 0 /);
    expect(await main([eventsFile(), '--rule', '/nonexistent/rule.toml'])).toBe(2);
    expect(output.err).toMatch(/\/nonexistent\/rule.toml/);
  });
});

describe('bench engine --rule for KQL and ES|QL rules', () => {
  const generated = (): string => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-')), 'events.ndjson');
    writeFileSync(file, `${[...seedEvents(5_000, 11).lines].join('\n')}\n`);
    return file;
  };

  it('runs a KQL query rule through the query DSL, with and without the raw-line prefilter, finding the same events', async () => {
    const file = generated();
    const rule = 'rules/windows/credential_access_sam_registry_hive_saved_with_reg.toml';
    expect(await main([file, '--rule', rule])).toBe(0);
    const found = /events matched: +(\d+)/.exec(output.out)?.[1];
    expect(Number(found)).toBeGreaterThan(0);
    expect(output.out).toMatch(new RegExp(`lines parsed: +${found} of 5,000`));
    output.out = '';
    expect(await main([file, '--rule', rule, '--no-prefilter'])).toBe(0);
    expect(output.out).toMatch(new RegExp(`events matched: +${found}\\n`));
  });

  it('runs an ES|QL rule streaming its FROM and WHERE, with and without the raw-line prefilter, giving the same rows', async () => {
    const file = generated();
    const rule = 'rules/windows/lateral_movement_remote_registry_access_to_many_hosts.toml';
    expect(await main([file, '--rule', rule])).toBe(0);
    const kept = /after WHERE: +(\d+)/.exec(output.out)?.[1];
    const rows = /rows \(alerts\): +(\d+)/.exec(output.out)?.[1];
    expect(Number(kept)).toBeGreaterThan(0);
    output.out = '';
    expect(await main([file, '--rule', rule, '--no-prefilter'])).toBe(0);
    expect(output.out).toMatch(new RegExp(`after WHERE: +${kept} documents\\n`));
    expect(output.out).toMatch(new RegExp(`rows \\(alerts\\): +${rows}\\n`));
    expect(output.out).toMatch(/lines parsed: +5,000 of 5,000 \(prefilter off\)/);
  });
});

describe('bench esql', () => {
  it('times parse and check of a repository\'s ES|QL queries and counts those the engine replays', async () => {
    const { main: esqlBench } = await import('../../scripts/bench/esql-bench.js');
    expect(await esqlBench(['--rules', 'rules', '--rounds', '1'])).toBe(0);
    expect(output.out).toMatch(/^1 ES\|QL queries: parse [\d.]+ ms, parse \+ check [\d.]+ ms/);
    expect(output.out).toContain('0 syntax errors; findings: none');
    expect(output.out).toContain('replayable on the embedded engine: 1 of 1\n');
  });
});
