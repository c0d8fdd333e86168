// The benchmark event generator: deterministic, sorted, and the seed rule finds exactly the
// attack pairs it says it planted (the figure `bench engine` and `replay` are checked against).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, seedEvents } from '../../scripts/bench/generate-events.js';
import { compileQuery } from '../../scripts/engines/embedded/compile-query.js';
import { parseQuery } from '../../scripts/eql/parser.js';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { loadRuleFile } from '../../scripts/rules/load.js';
import { captureOutput } from '../engines/capture-output.js';

const seedRule = path.join(REPO_ROOT, 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml');

describe('bench generate', () => {
  const output = captureOutput();

  it('plants exactly the sequences the seed rule finds, in timestamp order', async () => {
    const events = seedEvents(30_000, 11);
    const lines = [...events.lines];
    expect(lines).toHaveLength(30_000);
    expect(events.planted()).toBeGreaterThan(100);

    const query = (await loadRuleFile(seedRule)).rule?.document.rule.query ?? '';
    const parsed = parseQuery(query);
    if (!parsed.ok) throw new Error('the seed rule does not parse');
    const matcher = compileQuery(parsed.query, { inputOrder: 'sorted' });
    let previous = '';
    lines.forEach((line, i) => {
      const source = JSON.parse(line) as Record<string, unknown>;
      expect(String(source['@timestamp']) >= previous).toBe(true);
      previous = String(source['@timestamp']);
      matcher.push({ _index: 'logs-system.security-bench', _id: `e${i}`, _source: source });
    });
    matcher.finish();
    expect(matcher.stats.matches).toBe(events.planted());
  });

  it('writes the same file for the same seed and reports the count', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-generate-'));
    try {
      const out = (name: string) => path.join(dir, name);
      expect(await main(['500', out('a.ndjson')])).toBe(0);
      const report = output.out;
      expect(await main(['500', out('b.ndjson')])).toBe(0);
      expect(readFileSync(out('a.ndjson'), 'utf8')).toBe(readFileSync(out('b.ndjson'), 'utf8'));
      expect(readFileSync(out('a.ndjson'), 'utf8').split('\n')).toHaveLength(501);
      expect(JSON.parse(report)).toMatchObject({ events: 500 });
      expect(await main(['500', out('c.ndjson'), '--seed', '8'])).toBe(0);
      expect(readFileSync(out('c.ndjson'), 'utf8')).not.toBe(readFileSync(out('a.ndjson'), 'utf8'));
      expect(await main(['x', out('d.ndjson')])).toBe(2);
      expect(await main(['5', path.join(dir, 'missing', 'e.ndjson')])).toBe(2);
      expect(output.err).toMatch(/cannot write .*e\.ndjson/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
