// Against a real cluster when ES_URL is set (with ES_API_KEY or ES_USERNAME/ES_PASSWORD, and
// ES_CA_CERT for a private CA): the seed rule's sequence is found, and no run index remains.
import { Client } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { clientOptions } from '../../../scripts/engines/elasticsearch/client.js';
import { createElasticsearchBackend, elasticsearchConnectionFromEnv } from '../../../scripts/engines/elasticsearch/index.js';
import { seedSearch } from './rule-search.js';

const url = process.env.ES_URL;
if (!url) console.log('skipped: ES_URL not set (real Elasticsearch replay test)');

describe(url ? `real Elasticsearch at ${new URL(url).origin}` : 'real Elasticsearch (skipped: ES_URL not set)', () => {
  it.skipIf(!url)('finds the seed rule\'s sequence and deletes the run\'s indices and template', { timeout: 60_000 }, async () => {
    const runId = `t${Date.now().toString(36)}`;
    const backend = await createElasticsearchBackend({ runId });
    let response;
    try {
      response = await backend.search(seedSearch());
    } finally {
      await backend.close();
    }
    expect(response.hits.sequences?.map((sequence) => sequence.events.map((event) => [event._index, event._id]))).toEqual([
      [
        ['logs-system.security-default', 'special-logon'],
        ['winlogbeat-8.12.0-2024.03.01', 'share-access'],
      ],
    ]);
    const client = new Client(clientOptions(elasticsearchConnectionFromEnv()!));
    try {
      const left = await client.indices.get({ index: `*-replay-${runId}-*`, expand_wildcards: 'all' });
      expect(Object.keys(left)).toEqual([]);
      const templates = await client.indices.getIndexTemplate({ name: `detection-rules-replay-${runId}-*` });
      expect(templates.index_templates).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
