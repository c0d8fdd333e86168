// Streaming the leading FROM … | WHERE … of an ES|QL query in chunks, then the whole query over the
// survivors, answers as the query over every document does; the raw-line strings are ones every
// matching line must contain.
import { describe, expect, it } from 'vitest';
import { seedEvents } from '../../../scripts/bench/generate-events.js';
import { runQuery } from '../../../scripts/engines/esql/run-query.js';
import { compileLinePrefilter, StreamingSourceFilter } from '../../../scripts/engines/esql/stream-filter.js';
import type { EventDocument, FieldMapping } from '../../../scripts/engines/types.js';
import { parseQuery } from '../../../scripts/esql/parser.js';

const NOW = Date.parse('2024-05-01T10:05:00Z');
const fieldTypes = new Map<string, FieldMapping>([
  ['event.code', { type: 'keyword' }],
  ['winlog.event_data.RelativeTargetName', { type: 'keyword' }],
  ['host.name', { type: 'keyword' }],
  ['user.name', { type: 'keyword' }],
  ['source.ip', { type: 'ip' }],
  ['process.pid', { type: 'long' }],
]);

function parsed(text: string) {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.query;
}

const lines = [...seedEvents(6_000, 3).lines];
const documents: EventDocument[] = lines.map((line, n) => ({ _index: n % 7 === 0 ? 'other-index' : 'logs-system.security-default', _id: `e${n}`, _source: JSON.parse(line) }));

describe('StreamingSourceFilter', () => {
  it.each([
    'FROM logs-system.security-*\n| WHERE event.code == "5145" AND winlog.event_data.RelativeTargetName == "winreg"\n| STATS hosts = COUNT_DISTINCT(host.name), seen = VALUES(host.name) BY user.name, source.ip\n| WHERE hosts >= 2\n| SORT hosts DESC, user.name',
    'FROM logs-* METADATA _id\n| WHERE event.code IN ("4688", "4672")\n| WHERE process.pid > 5000 OR host.name LIKE "host-00*"\n| KEEP _id, host.name, process.pid\n| SORT _id\n| LIMIT 500',
  ])('gives the answer of the whole query over every document, in chunks of any size: %#', (text) => {
    const query = parsed(text);
    const whole = runQuery(query, text, { documents, fieldTypes, now: NOW });
    expect(whole.values.length).toBeGreaterThan(0);
    for (const size of [1, 333, 5_000]) {
      const filter = new StreamingSourceFilter(query, text, fieldTypes, NOW);
      const survivors: EventDocument[] = [];
      for (let start = 0; start < documents.length; start += size) survivors.push(...filter.keep(documents.slice(start, start + size)));
      expect(survivors.length).toBeLessThan(documents.length);
      expect(runQuery(query, text, { documents: survivors, fieldTypes, now: NOW })).toEqual(whole);
    }
  });

  it('lets through every line whose document the leading WHERE commands keep, and skips most others', () => {
    const cases = [
      'FROM logs-* METADATA _id | WHERE event.code == "5145" AND winlog.event_data.RelativeTargetName == "winreg" | KEEP _id',
      'FROM logs-* METADATA _id | WHERE winlog.event_data.RelativeTargetName IN ("samr", "lsarpc") OR host.name LIKE "host-001*" | KEEP _id',
      'FROM logs-* METADATA _id | WHERE winlog.event_data.RelativeTargetName == "srvsvc" | WHERE host.name LIKE "*-00?1" | KEEP _id',
    ];
    for (const text of cases) {
      const query = parsed(text);
      const kept = new Set(runQuery(query, text, { documents, fieldTypes, now: NOW }).values.map((row) => row[0]));
      const mayMatch = compileLinePrefilter(query, fieldTypes);
      expect(kept.size).toBeGreaterThan(0);
      let passed = 0;
      documents.forEach((document, n) => {
        if (mayMatch(lines[n]!)) passed++;
        else expect(kept.has(document._id)).toBe(false);
      });
      expect(passed).toBeLessThan(lines.length / 2);
    }
  });

  it('requires nothing it cannot be sure of: numbers, negations, NOT, fields not indexed as written, escaped lines', () => {
    const letsAll = (text: string, line = '{"a":"b"}') => compileLinePrefilter(parsed(text), fieldTypes)(line);
    expect(letsAll('FROM logs-* | WHERE event.code == "5145"')).toBe(true);
    expect(letsAll('FROM logs-* | WHERE host.name != "h1"')).toBe(true);
    expect(letsAll('FROM logs-* | WHERE NOT host.name == "h1"')).toBe(true);
    expect(letsAll('FROM logs-* | WHERE source.ip == "10.0.0.1"')).toBe(true);
    expect(letsAll('FROM logs-* | WHERE host.name == "h1" OR process.pid > 3')).toBe(true);
    expect(letsAll('FROM logs-* | EVAL x = 1 | WHERE host.name == "h1"')).toBe(true);
    expect(letsAll('FROM logs-* | WHERE host.name == "winreg"', '{"host":{"name":"\\u0077inreg"}}')).toBe(true);
    expect(letsAll('FROM logs-* | WHERE host.name == "winreg"')).toBe(false);
  });
});
