// Streaming the leading FROM … | WHERE … of an ES|QL query in chunks, then the whole query over the
// survivors, answers as the query over every document does; the raw-line strings are ones every
// matching line must contain.
import { describe, expect, it } from 'vitest';
import { seedEvents } from '../../../scripts/bench/generate-events.js';
import { runQuery } from '../../../scripts/engines/esql/run-query.js';
import { columnNames, requiredLineStrings, StreamingSourceFilter } from '../../../scripts/engines/esql/stream-filter.js';
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

const lines = [...seedEvents(20_000, 3).lines];
const documents: EventDocument[] = lines.map((line, n) => ({ _index: n % 7 === 0 ? 'other-index' : 'logs-system.security-default', _id: `e${n}`, _source: JSON.parse(line) }));

describe('StreamingSourceFilter', () => {
  it.each([
    'FROM logs-system.security-*\n| WHERE event.code == "5145" AND winlog.event_data.RelativeTargetName == "winreg"\n| STATS hosts = COUNT_DISTINCT(host.name), seen = VALUES(host.name) BY user.name, source.ip\n| WHERE hosts >= 3\n| SORT hosts DESC, user.name',
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

  it('names the strings a matching line must contain: keyword equalities in the leading WHERE\'s AND chain only', () => {
    const typeOf = (name: string) => fieldTypes.get(name)?.type;
    const strings = (text: string) => requiredLineStrings(parsed(text), typeOf);
    expect(strings('FROM logs-* | WHERE event.code == "5145" AND winlog.event_data.RelativeTargetName == "winreg" | WHERE "h1" == host.name')).toEqual(['5145', 'winreg', 'h1']);
    // An OR, a non-keyword field, a value JSON may escape, and a WHERE after another command give nothing.
    expect(strings('FROM logs-* | WHERE event.code == "5145" OR host.name == "h1"')).toEqual([]);
    expect(strings('FROM logs-* | WHERE source.ip == "10.0.0.1" AND host.name == "a/b"')).toEqual([]);
    expect(strings('FROM logs-* | EVAL x = 1 | WHERE host.name == "h1"')).toEqual([]);
    // Each string is in every line the query keeps.
    const query = parsed('FROM logs-* METADATA _id | WHERE event.code == "5145" AND winlog.event_data.RelativeTargetName == "winreg" | KEEP _id');
    const kept = new Set(runQuery(query, '', { documents, fieldTypes, now: NOW }).values.map((row) => row[0]));
    expect(kept.size).toBeGreaterThan(0);
    const required = requiredLineStrings(query, typeOf);
    documents.forEach((document, n) => {
      if (kept.has(document._id)) for (const needed of required) expect(lines[n]).toContain(needed);
    });
  });

  it('collects the column names a query reads', () => {
    expect([...columnNames(parsed('FROM x | WHERE a.b > 1 AND TO_LOWER(c) == "d" | STATS n = COUNT(e) BY f').commands)].sort()).toEqual(['a.b', 'c', 'e', 'f', 'n']);
  });
});
