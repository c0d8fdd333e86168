// The query-DSL raw-line prefilter is sound: every line whose document the evaluator selects passes
// it, for KQL queries as the detection engine builds them; it skips most of the others.
import { describe, expect, it } from 'vitest';
import { seedEvents } from '../../../scripts/bench/generate-events.js';
import { compileDsl } from '../../../scripts/engines/dsl/index.js';
import { compileLinePrefilter } from '../../../scripts/engines/dsl/line-prefilter.js';
import type { FieldMapping } from '../../../scripts/engines/types.js';
import { buildRuleQuery } from '../../../scripts/kql/index.js';

const fieldTypes = new Map<string, FieldMapping>([
  ['event.code', { type: 'keyword' }],
  ['event.action', { type: 'keyword' }],
  ['winlog.event_data.RelativeTargetName', { type: 'keyword' }],
  ['host.name', { type: 'keyword' }],
  ['user.name', { type: 'keyword' }],
  ['process.name', { type: 'keyword' }],
  ['message', { type: 'text' }],
  ['labels.env', { type: 'constant_keyword' }],
]);
const lines = [...seedEvents(6_000, 5).lines];
const sources = lines.map((line) => JSON.parse(line) as Record<string, unknown>);

function dsl(kql: string) {
  const built = buildRuleQuery({ query: kql, language: 'kuery' });
  if (!built.ok) throw new Error(built.error);
  return { bool: built.query.bool };
}

describe('query-DSL line prefilter', () => {
  it.each([
    'event.code:"5145" and winlog.event_data.RelativeTargetName:winreg',
    'winlog.event_data.RelativeTargetName:(samr or lsarpc) and not host.name:host-0001',
    'event.action:"Detailed File Share" or process.name:cmd.exe',
    'winlog.event_data.RelativeTargetName:srvsvc and host.name:host-00*',
  ])('lets through every line the query selects, and skips most others: %s', (kql) => {
    const query = dsl(kql);
    const matches = compileDsl(query, { fieldTypes, now: Date.now() });
    const mayMatch = compileLinePrefilter(query, fieldTypes);
    let selected = 0;
    let passed = 0;
    sources.forEach((source, n) => {
      const hit = matches({ _index: 'logs-x', _id: String(n), _source: source });
      if (hit) selected++;
      if (mayMatch(lines[n]!)) passed++;
      else expect(hit).toBe(false);
    });
    expect(selected).toBeGreaterThan(0);
    expect(passed).toBeLessThan(lines.length * 0.7);
  });

  it('requires nothing of an analysed text field, a constant_keyword, a number, a negation or a wildcard', () => {
    for (const kql of ['message:winreg', 'labels.env:prod', 'event.code:5145', 'not host.name:h1', 'host.name:h*', 'user.name:a or message:b']) {
      expect(compileLinePrefilter(dsl(kql), fieldTypes)('{"x":"y"}')).toBe(true);
    }
    expect(compileLinePrefilter(dsl('host.name:h1'), fieldTypes)('{"x":"y"}')).toBe(false);
  });
});
