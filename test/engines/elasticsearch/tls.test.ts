// TLS against a server with a private CA (test/engines/elasticsearch/fixtures: a self-signed
// certificate for 127.0.0.1): refused without ES_CA_CERT, trusted with it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElasticsearchBackend, EnvironmentError } from '../../../scripts/engines/elasticsearch/index.js';
import { FakeElasticsearch } from './fake-elasticsearch.js';
import { seedSearch } from './rule-search.js';
import { EventEmitter } from 'node:events';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const caFile = path.join(fixtures, 'localhost-cert.pem');
let fake: FakeElasticsearch;

beforeAll(async () => {
  fake = await FakeElasticsearch.start({ tls: { key: readFileSync(path.join(fixtures, 'localhost-key.pem')), cert: readFileSync(caFile) } });
});
afterAll(async () => {
  await fake.close();
});

describe('Elasticsearch backend over TLS', () => {
  it('refuses an untrusted certificate and says to set ES_CA_CERT', async () => {
    const attempt = createElasticsearchBackend({ env: { ES_URL: fake.url } });
    await expect(attempt).rejects.toBeInstanceOf(EnvironmentError);
    await expect(attempt).rejects.toThrow(/cannot reach Elasticsearch at https:\/\/127\.0\.0\.1:\d+ while connecting: .*set ES_CA_CERT/);
    expect(fake.requests).toHaveLength(0);
  });

  it('trusts the cluster signed by ES_CA_CERT and replays over it', async () => {
    const backend = await createElasticsearchBackend({
      env: { ES_URL: fake.url, ES_CA_CERT: caFile },
      interrupt: { signals: new EventEmitter(), exit: () => undefined },
    });
    try {
      const response = await backend.search(seedSearch());
      expect(response.hits.events?.map((event) => event._id).sort()).toEqual(['share-access', 'special-logon']);
    } finally {
      await backend.close();
    }
  });
});
