// The whole replay suite (every rule under rules/ with its cases under test/rules/) through the
// Elasticsearch backend: against a stand-in cluster that answers `_eql/search` from nothing but what
// the request carries, and against a real Elasticsearch when ES_URL is set (with ES_API_KEY or
// ES_USERNAME/ES_PASSWORD, and ES_CA_CERT for a private CA).
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { parseQuery } from '../../scripts/eql/parser.js';
import { createElasticsearchBackend } from '../../scripts/engines/elasticsearch/index.js';
import { fieldTypesFromMapping, runEql } from '../../scripts/engines/embedded/index.js';
import { firstDateReader } from '../../scripts/engines/embedded/ordering.js';
import type { EqlBackend } from '../../scripts/testing/backend.js';
import { loadRules } from '../../scripts/rules/load.js';
import { runRuleTests } from '../../scripts/testing/run-tests.js';
import { FakeElasticsearch, type Reply } from '../engines/elasticsearch/fake-elasticsearch.js';

async function replaySuite(backend: EqlBackend) {
  const { rules, findings } = await loadRules(['rules']);
  expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  let run;
  try {
    run = await runRuleTests(rules, { backend, reportOrphans: true });
  } finally {
    await backend.close();
  }
  expect(run.findings).toEqual([]);
  const cases = run.reports.flatMap((report) => report.cases.map((c) => ({ rule: report.path, name: c.name, error: c.error ?? null })));
  expect(cases.length).toBeGreaterThan(0);
  expect(cases.filter((c) => c.error !== null)).toEqual([]);
}

/**
 * `_eql/search` as a cluster would answer it from the request alone: the indices its patterns
 * select, their mappings, the range filter, the search options and size. A request that leaves
 * any of them out gets a different answer, and the case that depends on it fails.
 */
async function answerFromRequest(body: Record<string, any>, indices: readonly string[], fake: FakeElasticsearch): Promise<Reply> {
  const parsed = parseQuery(body.query as string);
  if (!parsed.ok) return { status: 400, body: { error: { type: 'parsing_exception', reason: parsed.errors[0]?.message } } };
  // The repository's rules have no timestamp_override, so a window is one range filter (backend.test.ts checks the other shape).
  if (body.filter !== undefined) expect(Object.keys(body.filter)).toEqual(['range']);
  const range = Object.entries((body.filter?.range ?? {}) as Record<string, { gte: number; lte: number; format: string }>);
  const mapping = { properties: {} as Record<string, unknown> };
  for (const name of indices) Object.assign(mapping.properties, (fake.indices.get(name)?.mappings as { properties?: object } | undefined)?.properties);
  const documents = indices
    .flatMap((name) => [...(fake.indices.get(name)?.documents.values() ?? [])])
    .filter((document) =>
      range.every(([field, { gte, lte, format }]) => {
        expect(format).toBe('epoch_millis');
        const time = firstDateReader(field)(document._source);
        return time !== null && time >= gte && time <= lte;
      }),
    );
  const response = await runEql(parsed.query, documents, {
    fieldTypes: fieldTypesFromMapping(mapping),
    ...(body.timestamp_field ? { timestamp_field: body.timestamp_field } : {}),
    ...(body.event_category_field ? { event_category_field: body.event_category_field } : {}),
    ...(body.tiebreaker_field ? { tiebreaker_field: body.tiebreaker_field } : {}),
    ...(body.size === undefined ? {} : { size: body.size }),
  });
  return { status: 200, body: response };
}

describe('replay suite through the Elasticsearch backend', () => {
  it('passes every case of every rule on a stand-in that answers from the requests alone, leaving nothing behind', async () => {
    const fake = await FakeElasticsearch.start({ eql: answerFromRequest });
    try {
      await replaySuite(await createElasticsearchBackend({ env: { ES_URL: fake.url }, interrupt: { signals: new EventEmitter(), exit: vi.fn() } }));
      expect(fake.find('POST', /\/_eql\/search$/).length).toBeGreaterThan(0);
      expect([...fake.indices.keys(), ...fake.templates.keys()]).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  const url = process.env.ES_URL;
  if (!url) console.log('skipped: ES_URL not set (replay suite on a real Elasticsearch)');
  it.skipIf(!url)(url ? `passes every case of every rule on Elasticsearch at ${new URL(url).origin}` : 'on a real Elasticsearch (skipped: ES_URL not set)', { timeout: 300_000 }, async () => {
    await replaySuite(await createElasticsearchBackend({}));
  });
});
