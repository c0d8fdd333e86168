// The conformance command on small suites of its own: exit codes, text and JSON reports.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/engines/conformance-command.js';
import { runSpec } from '../../scripts/engines/conformance/run-suite.js';
import { captureOutput } from './capture-output.js';

const output = captureOutput();

const tinyMapping = '# comment lines are dropped\n{"properties": {"kind": {"type": "[runtime_random_keyword_type]"}, "n": {"type": "long"}}}\n';

function writeSuite(specs: string, mapping = tinyMapping): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eql-suite-'));
  writeFileSync(path.join(dir, 'mapping.json'), mapping);
  writeFileSync(
    path.join(dir, 'data.json'),
    '// comment\n[{"@timestamp": 1, "event": {"category": "process"}, "n": 1, "kind": "a"},\n {"@timestamp": 2, "event": {"category": "process"}, "n": 2, "kind": "b"}]\n',
  );
  writeFileSync(path.join(dir, 'specs.toml'), specs);
  const manifest = path.join(dir, 'suite.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      name: 'tiny',
      indices: [{ name: 'tiny', mapping: 'mapping.json', data: 'data.json' }],
      search: { index: 'tiny', size: 10 },
      id_field: 'n',
      specs: ['specs.toml'],
    }),
  );
  return manifest;
}

const passing = `
[[queries]]
name = "kindA"
query = 'process where kind == "a"'
expected_event_ids = [1]

[[queries]]
name = "either"
query = 'sequence [process where n == 1] [process where n == 2]'
expected_event_ids = [[2, 1], [1, 2]]
`;

describe('conformance command', () => {
  it('exits 0 and summarises when every spec passes, for both keyword types', async () => {
    expect(await main(['--suite', writeSuite(passing)])).toBe(0);
    expect(output.out).toContain('tiny: 4/4 specs passed (keyword and wildcard keyword types)');
  });

  it('exits 1 and reports each failure in the documented JSON', async () => {
    const failing = `${passing}
[[queries]]
name = "wrong"
query = 'process where n > 0'
expected_event_ids = [2, 1]

[[queries]]
name = "broken"
query = 'process where ('
expected_event_ids = []
`;
    expect(await main(['--suite', writeSuite(failing), '--format', 'json', '--keyword-type', 'keyword'])).toBe(1);
    const report = JSON.parse(output.out);
    expect(report).toMatchObject({ suite: 'tiny', total: 4, passed: 2, failed: 2 });
    expect(report.failures[0]).toEqual({ name: 'wrong', query: 'process where n > 0', expected: [2, 1], actual: [1, 2], error: null });
    expect(report.failures[1]).toMatchObject({ name: 'broken', actual: null, error: expect.stringMatching(/syntax error at 1:/) });
  });

  it('exits 2 with a clear message when the manifest is missing or invalid', async () => {
    expect(await main(['--suite', '/nonexistent/suite.json'])).toBe(2);
    expect(output.err).toMatch(/cannot read suite manifest \/nonexistent\/suite.json: no such file/);
    const dir = mkdtempSync(path.join(tmpdir(), 'eql-suite-'));
    writeFileSync(path.join(dir, 'bad.json'), '{"name": "x"}');
    expect(await main(['--suite', path.join(dir, 'bad.json')])).toBe(2);
    expect(output.err).toMatch(/"indices" must list at least one index/);
    expect(await main(['--suite', writeSuite(passing, '{"settings": {}}')])).toBe(2);
    expect(output.err).toMatch(/mapping.json: a mapping needs "properties"/);
    expect(await main([])).toBe(2);
    expect(output.err).toMatch(/--suite <manifest> is required/);
  });
});

describe('runSpec', () => {
  it('fails a spec the engine stops on, with the reason, rather than throwing', async () => {
    const event = { _index: 'tiny', _id: '1', _source: {} as Record<string, unknown> };
    Object.defineProperty(event._source, 'kind', { enumerable: true, get: () => { throw new Error('unreadable field'); } });
    Object.assign(event._source, { '@timestamp': 1, event: { category: 'process' } });
    const suite = { name: 'tiny', manifest: 'tiny.json', idField: 'n', search: {}, specs: [], load: async () => ({ events: [event], fieldTypes: new Map() }) };
    const spec = { name: 'throws', query: 'process where kind == "a"', expected: [[1]] };
    const result = await runSpec(suite, spec, 'keyword', await suite.load());
    expect(result).toMatchObject({ passed: false, error: 'cannot run the query: unreadable field' });
  });
});
