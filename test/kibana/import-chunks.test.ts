import { describe, expect, it } from 'vitest';
import { importChunks } from '../../scripts/kibana/deploy-apply.js';
import type { KibanaRulePayload } from '../../scripts/kibana/kibana-rule.js';
import { multipartFile, MULTIPART_OVERHEAD_BYTES } from '../../scripts/kibana/multipart.js';

function payload(n: number, noteBytes: number): KibanaRulePayload {
  return {
    rule_id: `rule-${n}`,
    name: `Rule ${n}`,
    description: 'd',
    type: 'query',
    risk_score: 1,
    severity: 'low',
    version: 1,
    enabled: true,
    tags: [],
    meta: {},
    note: 'x'.repeat(noteBytes),
  };
}

const body = (chunk: KibanaRulePayload[]) => multipartFile('file', 'rules.ndjson', chunk.map((p) => `${JSON.stringify(p)}\n`).join('')).data.length;

describe('importChunks', () => {
  it('keeps every request under the byte limit, envelope included, and loses no rule', () => {
    const payloads = Array.from({ length: 40 }, (_, n) => payload(n, 1_000 + n * 37));
    const limits = { maxBytes: 8_000, maxObjects: 10_000 };
    const { chunks, tooLarge } = importChunks(payloads, limits);
    expect(tooLarge).toEqual([]);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(body(chunk)).toBeLessThan(limits.maxBytes);
    expect(chunks.flat().map((p) => p.rule_id)).toEqual(payloads.map((p) => p.rule_id));
  });

  it('keeps every request strictly under the object limit: Kibana refuses a file of exactly the limit', () => {
    const payloads = Array.from({ length: 25 }, (_, n) => payload(n, 10));
    const { chunks } = importChunks(payloads, { maxBytes: 10 * 1024 * 1024, maxObjects: 10 });
    expect(chunks.map((chunk) => chunk.length)).toEqual([9, 9, 7]);
    expect(importChunks(Array.from({ length: 10_000 }, (_, n) => payload(n, 10)), { maxBytes: 100 * 1024 * 1024, maxObjects: 10_000 }).chunks.map((chunk) => chunk.length)).toEqual([9_999, 1]);
  });

  it('sets aside a rule too large for any request', () => {
    const { chunks, tooLarge } = importChunks([payload(1, 10), payload(2, 5_000), payload(3, 10)], { maxBytes: 2_000, maxObjects: 10 });
    expect(tooLarge.map((p) => p.rule_id)).toEqual(['rule-2']);
    expect(chunks.flat().map((p) => p.rule_id)).toEqual(['rule-1', 'rule-3']);
    expect(MULTIPART_OVERHEAD_BYTES).toBeGreaterThan(100);
  });
});
