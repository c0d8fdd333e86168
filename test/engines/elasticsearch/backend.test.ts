// The requests the Elasticsearch backend sends, checked against a recording stand-in for the
// cluster: names, template, mapping, bulk body, `_eql/search` body, and cleanup in every outcome.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createElasticsearchBackend,
  EnvironmentError,
  ReplayRunError,
} from '../../../scripts/engines/elasticsearch/index.js';
import { matchesIndexPatterns } from '../../../scripts/testing/index-patterns.js';
import type { EqlBackend } from '../../../scripts/testing/backend.js';
import { FakeElasticsearch, type FakeElasticsearchOptions } from './fake-elasticsearch.js';
import { seedDocuments, seedPatterns, seedSearch } from './rule-search.js';

const API_KEY = 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==';
const opened: { fake: FakeElasticsearch; backend?: EqlBackend }[] = [];

async function setUp(options: FakeElasticsearchOptions = {}, runId = 'abc123') {
  const fake = await FakeElasticsearch.start(options);
  const entry: { fake: FakeElasticsearch; backend?: EqlBackend } = { fake };
  opened.push(entry);
  const signals = new EventEmitter();
  const exit = vi.fn();
  const backend = await createElasticsearchBackend({
    env: { ES_URL: fake.url, ES_API_KEY: API_KEY },
    runId,
    interrupt: { signals, exit, report: () => undefined },
  });
  entry.backend = backend;
  return { fake, backend, signals, exit };
}

afterEach(async () => {
  for (const { fake, backend } of opened.splice(0)) {
    await backend?.close();
    await fake.close();
  }
});

const jsonOf = (body: string): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;

describe('Elasticsearch backend: requests to the cluster', () => {
  it('creates one plain index per document _index, named with a per-search suffix that still matches the rule patterns', async () => {
    const { fake, backend } = await setUp();
    await backend.search(seedSearch());
    await backend.search(seedSearch());
    const created = fake.find('PUT', /^\/[^_]/).map((request) => request.path.slice(1));
    expect(created).toEqual([
      'logs-system.security-default-replay-abc123-1',
      'winlogbeat-8.12.0-2024.03.01-replay-abc123-1',
      'other-index-replay-abc123-1',
      'logs-system.security-default-replay-abc123-2',
      'winlogbeat-8.12.0-2024.03.01-replay-abc123-2',
      'other-index-replay-abc123-2',
    ]);
    expect(new Set(created).size).toBe(created.length);
    for (const name of created.filter((name) => !name.startsWith('other-index'))) {
      expect(matchesIndexPatterns(seedPatterns, name)).toBe(true);
    }
  });

  it('gives two backends different run ids, hence different index names', async () => {
    const first = await FakeElasticsearch.start();
    opened.push({ fake: first });
    const names: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      const backend = await createElasticsearchBackend({ env: { ES_URL: first.url }, interrupt: { signals: new EventEmitter(), exit: vi.fn() } });
      await backend.search(seedSearch({ documents: [seedDocuments[0]!] }));
      await backend.close();
    }
    for (const request of first.find('PUT', /^\/logs-/)) names.push(request.path);
    expect(names).toHaveLength(2);
    expect(names[0]).not.toBe(names[1]);
  });

  it('puts a temporary template above the built-in logs-*-* data-stream template, covering exactly the run indices', async () => {
    const { fake, backend } = await setUp();
    await backend.search(seedSearch());
    const [put] = fake.find('PUT', /^\/_index_template\//);
    expect(put?.path).toBe('/_index_template/detection-rules-replay-abc123-1');
    expect(put?.query.get('create')).toBe('true');
    const body = jsonOf(put!.body);
    expect(body.index_patterns).toEqual([
      'logs-system.security-default-replay-abc123-1',
      'winlogbeat-8.12.0-2024.03.01-replay-abc123-1',
      'other-index-replay-abc123-1',
    ]);
    expect(body.priority).toBeGreaterThan(100);
    expect(body).not.toHaveProperty('data_stream');
    expect(body.template).toMatchObject({ settings: { number_of_shards: 1, number_of_replicas: 0 } });
    // The template exists before any index is created, or logs-system.* would become a data stream.
    const order = fake.requests.map((request) => `${request.method} ${request.path}`);
    expect(order.indexOf('PUT /_index_template/detection-rules-replay-abc123-1')).toBeLessThan(
      order.indexOf('PUT /logs-system.security-default-replay-abc123-1'),
    );
  });

  it('maps catalogued fields with their types, query fields no document carries, and other strings as keyword', async () => {
    const { fake, backend } = await setUp();
    await backend.search(seedSearch({ options: { size: 100, tiebreaker_field: 'event.sequence' } }));
    const [logs] = fake.find('PUT', /^\/logs-system/);
    const { mappings } = jsonOf(logs!.body) as { mappings: { properties: Record<string, any> } };
    const p = mappings.properties;
    expect(p['@timestamp']).toEqual({ type: 'date' });
    expect(p.event.properties.action).toEqual({ type: 'keyword', ignore_above: 1024 });
    expect(p.event.properties.code).toEqual({ type: 'keyword', ignore_above: 1024 });
    expect(p.process.properties.command_line).toEqual({ type: 'wildcard', ignore_above: 1024 });
    // Not in this index's documents, but named by the query: EQL rejects unmapped fields.
    expect(p.winlog.properties.event_data.properties.RelativeTargetName).toEqual({ type: 'keyword', ignore_above: 1024 });
    // Uncatalogued: typed from the values.
    expect(p.custom.properties).toEqual({ score: { type: 'double' }, enabled: { type: 'boolean' } });
    // The tiebreaker is needed by the search whether or not documents carry it.
    expect(p.event.properties.sequence).toEqual({ type: 'keyword' });
  });

  it('bulk-loads NDJSON create actions into the run indices with the documents\' _id, refreshing', async () => {
    const { fake, backend } = await setUp();
    await backend.search(seedSearch());
    const [bulk] = fake.find('POST', /^\/_bulk$/);
    expect(bulk?.query.get('refresh')).toBe('true');
    expect(bulk?.headers['content-type']).toBe('application/x-ndjson');
    const lines = bulk!.body.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { create: { _index: 'logs-system.security-default-replay-abc123-1', _id: 'special-logon' } },
      seedDocuments[0]!._source,
      { create: { _index: 'winlogbeat-8.12.0-2024.03.01-replay-abc123-1', _id: 'share-access' } },
      seedDocuments[1]!._source,
      { create: { _index: 'other-index-replay-abc123-1', _id: 'not-searched' } },
      seedDocuments[2]!._source,
    ]);
  });

  it('searches the rule\'s own patterns restricted to the run, with the window filter and the EQL options', async () => {
    const { fake, backend } = await setUp();
    const search = seedSearch({
      options: { timestamp_field: '@timestamp', event_category_field: 'event.category', tiebreaker_field: 'event.sequence', size: 100 },
    });
    await backend.search(search);
    const [eql] = fake.find('POST', /\/_eql\/search$/);
    expect(eql?.path).toBe('/winlogbeat-*-replay-abc123-1,logs-system.*-replay-abc123-1/_eql/search');
    expect(eql?.query.get('allow_no_indices')).toBe('true');
    expect(jsonOf(eql!.body)).toEqual({
      query: search.queryText,
      filter: { range: { '@timestamp': { gte: search.window!.from, lte: search.window!.to, format: 'epoch_millis' } } },
      timestamp_field: '@timestamp',
      event_category_field: 'event.category',
      tiebreaker_field: 'event.sequence',
      size: 100,
    });
  });

  it('windows a timestamp_override as Kibana does: on the override, or on @timestamp where the override is missing', async () => {
    const { fake, backend } = await setUp();
    const search = seedSearch({ timestampField: 'event.ingested', fallbackTimestampField: '@timestamp' });
    await backend.search(search);
    const range = (field: string) => ({ range: { [field]: { gte: search.window!.from, lte: search.window!.to, format: 'epoch_millis' } } });
    expect(jsonOf(fake.find('POST', /\/_eql\/search$/)[0]!.body).filter).toEqual({
      bool: {
        minimum_should_match: 1,
        should: [range('event.ingested'), { bool: { filter: [range('@timestamp'), { bool: { must_not: { exists: { field: 'event.ingested' } } } }] } }],
      },
    });
    const { mappings } = jsonOf(fake.find('PUT', /^\/logs-system/)[0]!.body) as { mappings: { properties: Record<string, any> } };
    expect(mappings.properties.event.properties.ingested).toEqual({ type: 'date' });
  });

  it('sends no filter for a retro-hunt and caps an unbounded size at the run\'s result window', async () => {
    const { fake, backend } = await setUp();
    await backend.search(seedSearch({ window: undefined, options: { size: Number.MAX_SAFE_INTEGER } }));
    const body = jsonOf(fake.find('POST', /\/_eql\/search$/)[0]!.body);
    expect(body).not.toHaveProperty('filter');
    expect(body.size).toBe(10_000);
  });

  it('answers with the events Elasticsearch returns, under their original _index, and nothing from other indices', async () => {
    const { backend } = await setUp({
      eql: (_body, indices, fake) => ({
        status: 200,
        body: {
          is_partial: false,
          is_running: false,
          took: 7,
          timed_out: false,
          shard_failures: [],
          hits: {
            total: { value: indices.length, relation: 'eq' },
            events: indices.flatMap((name) => [...fake.indices.get(name)!.documents.values()].map((event) => ({ ...event, _version: 1, fields: {} }))),
          },
        },
      }),
    });
    const response = await backend.search(seedSearch());
    expect(response).toEqual({
      is_partial: false,
      is_running: false,
      took: 7,
      timed_out: false,
      hits: {
        total: { value: 2, relation: 'eq' },
        events: [
          { _index: 'winlogbeat-8.12.0-2024.03.01', _id: 'share-access', _source: seedDocuments[1]!._source },
          { _index: 'logs-system.security-default', _id: 'special-logon', _source: seedDocuments[0]!._source },
        ],
      },
    });
  });

  it('keeps sequences with their join keys and turns missing-event placeholders into our shape', async () => {
    const { backend } = await setUp({
      eql: () => ({
        status: 200,
        body: {
          is_partial: false,
          is_running: false,
          took: 1,
          timed_out: false,
          hits: {
            total: { value: 1, relation: 'eq' },
            sequences: [
              {
                join_keys: ['host-1', '0x3e7'],
                events: [
                  { _index: 'logs-system.security-default-replay-abc123-1', _id: 'special-logon', _source: { a: 1 } },
                  { _index: '', _id: '', missing: true },
                ],
              },
            ],
          },
        },
      }),
    });
    const response = await backend.search(seedSearch());
    expect(response.hits.sequences).toEqual([
      {
        join_keys: ['host-1', '0x3e7'],
        events: [
          { _index: 'logs-system.security-default', _id: 'special-logon', _source: { a: 1 } },
          { _index: '', _id: '', missing: true },
        ],
      },
    ]);
  });

  it('deletes exactly the indices and template it created once the search is done', async () => {
    const { fake, backend } = await setUp();
    await backend.search(seedSearch());
    const deletes = fake.requests.filter((request) => request.method === 'DELETE');
    expect(deletes.map((request) => request.path)).toEqual([
      '/logs-system.security-default-replay-abc123-1,winlogbeat-8.12.0-2024.03.01-replay-abc123-1,other-index-replay-abc123-1',
      '/_index_template/detection-rules-replay-abc123-1',
    ]);
    expect(deletes[0]?.query.get('expand_wildcards')).toBe('none');
    expect(fake.indices.size).toBe(0);
    expect(fake.templates.size).toBe(0);
  });

  it('surfaces Elasticsearch\'s reason when the search fails, and still cleans up', async () => {
    const { fake, backend } = await setUp({
      eql: () => ({
        status: 400,
        body: {
          error: {
            root_cause: [{ type: 'verification_exception', reason: 'Found 1 problem\nline 2:30: Unknown column [event.action]' }],
            type: 'verification_exception',
            reason: 'Found 1 problem\nline 2:30: Unknown column [event.action]',
          },
          status: 400,
        },
      }),
    });
    const failure = backend.search(seedSearch());
    await expect(failure).rejects.toBeInstanceOf(ReplayRunError);
    await expect(failure).rejects.toThrow(/running the EQL search \(HTTP 400\): verification_exception: .*Unknown column \[event\.action\]/s);
    expect(fake.indices.size).toBe(0);
    expect(fake.templates.size).toBe(0);
  });

  it('when an index cannot be deleted, says which ones remain, and still deletes the template', async () => {
    const { fake, backend } = await setUp({
      intercept: (request) =>
        request.method === 'DELETE' && !request.path.startsWith('/_index_template')
          ? { status: 400, body: { error: { type: 'illegal_argument_exception', reason: 'index is being snapshotted' }, status: 400 } }
          : undefined,
    });
    const failure = (await backend.search(seedSearch()).catch((caught: unknown) => caught)) as Error;
    expect(failure).toBeInstanceOf(ReplayRunError);
    expect(failure.message).toContain(
      'could not delete replay indices and template logs-system.security-default-replay-abc123-1, winlogbeat-8.12.0-2024.03.01-replay-abc123-1, other-index-replay-abc123-1, detection-rules-replay-abc123-1 (delete them by hand)',
    );
    expect(failure.message).toContain('index is being snapshotted');
    expect(fake.templates.size).toBe(0);
    // close() tries the leftovers once more, and reports them again if they still remain.
    await expect(backend.close()).rejects.toThrow(/could not delete replay indices .*other-index-replay-abc123-1 \(delete them by hand\)/);
  });

  it('keeps the search\'s own error first when cleanup fails too', async () => {
    const { backend } = await setUp({
      intercept: (request) =>
        request.method === 'DELETE' || request.path.endsWith('/_eql/search')
          ? { status: 400, body: { error: { type: 'parsing_exception', reason: 'line 1:1: no viable alternative' }, status: 400 } }
          : undefined,
    });
    const failure = (await backend.search(seedSearch()).catch((caught: unknown) => caught)) as Error;
    expect(failure.message).toMatch(/^Elasticsearch rejected running the EQL search \(HTTP 400\): parsing_exception: line 1:1: no viable alternative\ncould not delete replay indices/);
    await expect(backend.close()).rejects.toThrow(ReplayRunError);
  });

  it('names each document Elasticsearch rejects, with its reason, and cleans up', async () => {
    const { fake, backend } = await setUp({
      rejectDocument: (document) =>
        document._id === 'share-access' ? { type: 'document_parsing_exception', reason: '[1:45] failed to parse field [@timestamp] of type [date]' } : undefined,
    });
    const failure = backend.search(seedSearch());
    await expect(failure).rejects.toThrow(
      'document 2 (_index "winlogbeat-8.12.0-2024.03.01", _id "share-access"): document_parsing_exception: [1:45] failed to parse field [@timestamp] of type [date] (field value rejected)',
    );
    expect(fake.find('POST', /_eql/)).toHaveLength(0);
    expect(fake.indices.size).toBe(0);
  });

  it('reports a repeated _id in one index instead of silently overwriting it', async () => {
    const { backend } = await setUp();
    const twice = [seedDocuments[0]!, { ...seedDocuments[0]!, _source: { other: true } }];
    await expect(backend.search(seedSearch({ documents: twice }))).rejects.toThrow(/document 2 .*version_conflict_engine_exception/);
  });

  it('rejects a document whose _index cannot be an index name before touching the cluster', async () => {
    const { fake, backend } = await setUp();
    const bad = { ...seedDocuments[0]!, _index: 'Logs-System' };
    await expect(backend.search(seedSearch({ documents: [bad] }))).rejects.toThrow(
      'document 1 (_id "special-logon"): _index "Logs-System" is not a valid Elasticsearch index name: it has uppercase letters',
    );
    expect(fake.requests.map((request) => request.method)).toEqual(['GET']);
  });

  it('answers no hits without touching the cluster when no document lies where the rule searches', async () => {
    const { fake, backend } = await setUp();
    const response = await backend.search(seedSearch({ documents: [seedDocuments[2]!] }));
    expect(response.hits).toEqual({ total: { value: 0, relation: 'eq' }, events: [] });
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /']);
  });

  it('sends the API key and plain JSON media types (accepted by 8.x and 9.x clusters)', async () => {
    const { fake, backend } = await setUp();
    await backend.search(seedSearch());
    for (const request of fake.requests) {
      expect(request.headers.authorization).toBe(`ApiKey ${API_KEY}`);
      expect(request.headers.accept).toBe('application/json');
    }
  });

  it('reports rejected credentials as an environment error that never contains the key', async () => {
    const fake = await FakeElasticsearch.start({ apiKey: 'the-right-key' });
    opened.push({ fake });
    const attempt = createElasticsearchBackend({ env: { ES_URL: fake.url, ES_API_KEY: API_KEY } });
    await expect(attempt).rejects.toBeInstanceOf(EnvironmentError);
    const error = (await attempt.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(/rejected the credentials while connecting \(HTTP 401: security_exception/);
    expect(error.message).toContain('ES_API_KEY');
    expect(error.message).not.toContain(API_KEY);
  });

  it('scrubs the key from an Elasticsearch reason that echoes it', async () => {
    const { backend } = await setUp({
      eql: () => ({ status: 400, body: { error: { type: 'parsing_exception', reason: `unexpected token near ApiKey ${API_KEY}` }, status: 400 } }),
    });
    const error = (await backend.search(seedSearch()).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('unexpected token near ApiKey [redacted]');
    expect(error.message).not.toContain(API_KEY);
  });

  it('says what to set when there is neither ES_URL nor --es-container', async () => {
    await expect(createElasticsearchBackend({ env: {} })).rejects.toThrow(
      /no Elasticsearch to replay on: set ES_URL .* or use --es-container/,
    );
  });

  it('reports an unreachable cluster as an environment error', async () => {
    const fake = await FakeElasticsearch.start();
    const url = fake.url;
    await fake.close();
    await expect(createElasticsearchBackend({ env: { ES_URL: url } })).rejects.toThrow(
      new RegExp(`cannot reach Elasticsearch at ${url.replace(/[.]/g, '\\.')} while connecting: .*check ES_URL`),
    );
  });

  it('on SIGINT during a search, deletes the run\'s indices and template, then exits 130', async () => {
    let interrupt = (): Promise<void> => Promise.resolve();
    const { fake, backend, signals, exit } = await setUp({
      // The search is in flight when Ctrl-C arrives, and stays so until the process exits.
      eql: async () => {
        await interrupt();
        return { status: 200, body: { is_partial: false, is_running: false, took: 1, timed_out: false, hits: { total: { value: 0, relation: 'eq' }, events: [] } } };
      },
    });
    let stateAtExit: { indices: number; templates: number } | undefined;
    exit.mockImplementation(() => {
      stateAtExit = { indices: fake.indices.size, templates: fake.templates.size };
    });
    interrupt = async () => {
      expect(fake.indices.size).toBe(3);
      signals.emit('SIGINT');
      await vi.waitFor(() => expect(exit).toHaveBeenCalled());
    };
    await backend.search(seedSearch());
    expect(exit).toHaveBeenCalledWith(130);
    expect(stateAtExit).toEqual({ indices: 0, templates: 0 });
  });

  it('removes its signal handlers when closed', async () => {
    const { backend, signals } = await setUp();
    expect(signals.listenerCount('SIGINT')).toBe(1);
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    await backend.close();
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });
});
