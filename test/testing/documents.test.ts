// A case's documents made concrete, and the errors for documents that cannot be: each names the
// file, line and column where the problem is written.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareCaseDocuments } from '../../scripts/testing/documents.js';
import { loadTestFile } from '../../scripts/testing/test-file.js';

async function prepare(yamlCases: string, files: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'case-documents-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  const file = path.join(dir, 'x.test.yaml');
  await writeFile(file, `rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases:\n${yamlCases}`);
  const loaded = await loadTestFile(file);
  expect(loaded.findings).toEqual([]);
  return { file, dir, ...(await prepareCaseDocuments(loaded.value!, 0, ['logs-system.*'], [], dir)) };
}

describe('prepareCaseDocuments', () => {
  it('defaults now to one minute after the newest time, names _id and _index, resolves date math', async () => {
    const { value } = await prepare(
      '  - name: c\n    documents:\n      - { "@timestamp": "2024-05-01T10:00:00Z" }\n      - { _id: b, "@timestamp": now-30s }\n    expect: { alerts: 0 }\n',
    );
    expect(value?.now).toBe(Date.parse('2024-05-01T10:01:00Z'));
    expect(value?.documents.map((d) => [d._id, d._index, d._source['@timestamp']])).toEqual([
      ['doc-1', 'logs-system.replay', '2024-05-01T10:00:00.000Z'],
      ['b', 'logs-system.replay', '2024-05-01T10:00:30.000Z'],
    ]);
  });

  it('finds the newest time among more documents than a function call takes arguments', async () => {
    const lines = Array.from({ length: 200_000 }, (_, n) => JSON.stringify({ '@timestamp': n }));
    const { value, findings } = await prepare('  - name: c\n    documents_file: many.ndjson\n    expect: { alerts: 0 }\n', { 'many.ndjson': lines.join('\n') });
    expect(findings).toEqual([]);
    expect(value?.now).toBe(199_999 + 60_000);
  });

  it('points a missing documents_file at its key in the test file', async () => {
    const { file, findings } = await prepare('  - name: c\n    documents_file: nope.ndjson\n    expect: { alerts: 0 }\n');
    expect(findings).toMatchObject([
      { code: 'test.documents', file, line: 4, column: 5, message: expect.stringMatching(/documents_file: cannot read .*nope\.ndjson: no such file/) },
    ]);
  });

  it('names the line of a bad NDJSON document, counting blank lines', async () => {
    const { dir, findings } = await prepare('  - name: c\n    documents_file: bad.ndjson\n    expect: { alerts: 0 }\n', {
      'bad.ndjson': '{"@timestamp": 1}\n\n{"@timestamp": tru}\n',
    });
    expect(findings).toMatchObject([{ file: path.join(dir, 'bad.ndjson'), line: 3, message: expect.stringMatching(/^line 3 is not a JSON document/) }]);
  });

  it('unwraps Elasticsearch hit lines of a documents_file, keeping the _index and _id they give', async () => {
    const { value, findings } = await prepare('  - name: c\n    documents_file: hits.ndjson\n    expect: { alerts: 0 }\n', {
      'hits.ndjson':
        '{"_index": "logs-system.security-default", "_id": "logon", "_source": {"@timestamp": "2024-05-01T10:00:00Z", "event": {"action": "a"}}}\n' +
        '{"_source": {"@timestamp": "2024-05-01T10:00:30Z"}}\n' +
        '{"_id": "plain", "@timestamp": "2024-05-01T09:00:00Z"}\n',
    });
    expect(findings).toEqual([]);
    expect(value?.now).toBe(Date.parse('2024-05-01T10:01:30Z'));
    expect(value?.documents).toEqual([
      { _id: 'logon', _index: 'logs-system.security-default', _source: { '@timestamp': '2024-05-01T10:00:00.000Z', event: { action: 'a' } } },
      { _id: 'doc-2', _index: 'logs-system.replay', _source: { '@timestamp': '2024-05-01T10:00:30.000Z' } },
      { _id: 'plain', _index: 'logs-system.replay', _source: { '@timestamp': '2024-05-01T09:00:00.000Z' } },
    ]);
  });

  it('reports every bad line of a documents_file, skipping lines of only whitespace', async () => {
    const { dir, findings } = await prepare('  - name: c\n    documents_file: bad.ndjson\n    expect: { alerts: 0 }\n', {
      'bad.ndjson': '[1]\n   \n{"@timestamp": 1}\n{"a": 2,, }\n',
    });
    const file = path.join(dir, 'bad.ndjson');
    expect(findings).toMatchObject([
      { code: 'test.documents', file, line: 1, column: 1, message: expect.stringMatching(/^line 1 is not a JSON document: expected a JSON object/) },
      { code: 'test.documents', file, line: 4, column: 9, message: expect.stringMatching(/^line 4 is not a JSON document: invalid JSON/) },
    ]);
  });

  it('points an impossible time at the document that holds it', async () => {
    const { file, findings } = await prepare('  - name: c\n    documents:\n      - { "@timestamp": "2024-01-01T00:00:00Z" }\n      - { "@timestamp": "2024-13-45" }\n    expect: { alerts: 0 }\n');
    expect(findings).toMatchObject([{ code: 'test.time', file, line: 6, message: 'document 2: "2024-13-45" is not an ISO-8601 time' }]);
  });
});

describe('date math in the rule\'s timestamp_override field', () => {
  it('is resolved, nested or as a literal dotted key, without changing the loaded test file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'case-documents-'));
    const file = path.join(dir, 'x.test.yaml');
    await writeFile(
      file,
      'rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases:\n  - name: c\n    now: "2024-05-01T10:05:00Z"\n    documents:\n' +
        '      - { "@timestamp": now-1h, event: { ingested: now-1m, action: a } }\n' +
        '      - { "@timestamp": now-1h, "event.ingested": now-2m }\n' +
        '      - { "@timestamp": now-1h, event: { ingested: "2024-05-01T10:00:00Z" } }\n' +
        '    expect: { alerts: 0 }\n',
    );
    const loaded = (await loadTestFile(file)).value!;
    const { value } = await prepareCaseDocuments(loaded, 0, ['logs-*'], ['event.ingested']);
    expect(value?.documents.map((d) => d._source)).toEqual([
      { '@timestamp': '2024-05-01T09:05:00.000Z', event: { ingested: '2024-05-01T10:04:00.000Z', action: 'a' } },
      { '@timestamp': '2024-05-01T09:05:00.000Z', 'event.ingested': '2024-05-01T10:03:00.000Z' },
      { '@timestamp': '2024-05-01T09:05:00.000Z', event: { ingested: '2024-05-01T10:00:00Z' } },
    ]);
    expect(loaded.tests.cases[0]!.documents![0]).toMatchObject({ event: { ingested: 'now-1m' } });
  });
});

describe('a case without documents', () => {
  it('is a schema error at the case that says documents or documents_file is needed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'case-documents-'));
    const file = path.join(dir, 'x.test.yaml');
    await writeFile(file, 'rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases:\n  - name: c\n    expect: { alerts: 0 }\n');
    expect((await loadTestFile(file)).findings).toMatchObject([
      { code: 'test.schema.shape', file, line: 3, column: 5, message: expect.stringContaining('`documents`, `documents_file` or both') },
    ]);
  });
});

describe('hostile documents_file (issue 13)', () => {
  const caseWith = async (documentsFile: string, ndjson?: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'case-documents-'));
    if (ndjson !== undefined) await writeFile(path.join(dir, 'events.ndjson'), ndjson);
    const file = path.join(dir, 'x.test.yaml');
    await writeFile(file, `rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases:\n  - name: c\n    now: "2024-05-01T10:05:00Z"\n    documents_file: ${documentsFile}\n    expect: { alerts: 0 }\n`);
    return { dir, file, loaded: (await loadTestFile(file)).value! };
  };

  it('refuses a path outside the repository (/etc/passwd) without reading or echoing it', async () => {
    const { file, loaded, dir } = await caseWith('../../../../../../../../etc/passwd');
    const { findings } = await prepareCaseDocuments(loaded, 0, ['logs-*'], [], dir);
    expect(findings).toMatchObject([{ code: 'test.documents', file, line: 5, message: expect.stringContaining('is outside the repository') }]);
    expect(JSON.stringify(findings)).not.toContain('root:');
    // With the repository's permission (null: test:rules --documents-outside-repository) it is read.
    expect((await prepareCaseDocuments(loaded, 0, ['logs-*'], [], null)).findings[0]?.message).toMatch(/line 1 is not a JSON document/);
  });

  it('reports an array nested 10,000 deep as a finding on its line, other lines kept', async () => {
    const deep = `{"a":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`;
    const { loaded, dir } = await caseWith('events.ndjson', `{"@timestamp":"2024-05-01T10:00:00Z"}\n${deep}\n{"@timestamp":"2024-05-01T10:01:00Z"}\n`);
    const { findings } = await prepareCaseDocuments(loaded, 0, ['logs-*'], [], dir);
    expect(findings).toMatchObject([{ code: 'test.documents', line: 2, message: expect.stringContaining('nested more than 100 levels') }]);
  });
});
