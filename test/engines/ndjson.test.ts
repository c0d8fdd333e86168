// Reading NDJSON events, and the raw-line prefilter that lets the reader skip JSON.parse.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../scripts/engines/embedded/compile-query.js';
import { forEachLine, NdjsonError, readNdjson, streamNdjson } from '../../scripts/engines/embedded/ndjson.js';
import { parse } from './run-query.js';

function file(text: string): string {
  const name = path.join(mkdtempSync(path.join(tmpdir(), 'ndjson-')), 'events.ndjson');
  writeFileSync(name, text);
  return name;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('readNdjson', () => {
  it('reads plain sources and Elasticsearch hits, skipping blank lines', async () => {
    const name = file('{"a": 1}\n\n{"_index": "logs", "_id": "x", "_source": {"b": 2}}\r\n{"c": 3}');
    expect(await collect(readNdjson(name))).toEqual([
      { _index: 'events', _id: '1', _source: { a: 1 } },
      { _index: 'logs', _id: 'x', _source: { b: 2 } },
      { _index: 'events', _id: '4', _source: { c: 3 } },
    ]);
  });

  it('skips lines of only whitespace wherever they are, as blank lines', async () => {
    const name = file('{"a": 1}\n  \t\r\n{"b": 2}\n   ');
    expect(await collect(readNdjson(name))).toEqual([
      { _index: 'events', _id: '1', _source: { a: 1 } },
      { _index: 'events', _id: '3', _source: { b: 2 } },
    ]);
  });

  it('streams more lines than one read chunk holds', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(40) }));
    const events = await collect(readNdjson(file(lines.join('\n'))));
    expect(events).toHaveLength(30_000);
    expect(events[29_999]?._source).toEqual({ i: 29_999, pad: 'x'.repeat(40) });
  });

  it('names the file, line and column of a bad line', async () => {
    const name = file('{"a": 1}\n{"a": 2,, }\n');
    const error = await collect(readNdjson(name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NdjsonError);
    expect(error).toMatchObject({ file: name, line: 2, column: 9 });
    expect((error as Error).message).toMatch(new RegExp(`${name}:2: invalid JSON`));
  });

  it('rejects a line that is not an object', async () => {
    await expect(collect(readNdjson(file('[1, 2]\n')))).rejects.toThrow(/:1: expected a JSON object/);
  });

  it('reports a missing file clearly', async () => {
    await expect(collect(readNdjson('/nonexistent/events.ndjson'))).rejects.toThrow(/cannot read \/nonexistent\/events.ndjson: no such file/);
  });
});

describe('raw-line prefilter', () => {
  const seedQuery = parse(`sequence by host.id with maxspan=1m
    [iam where event.action == "logged-in-special" and winlog.event_data.PrivilegeList : "SeBackupPrivilege"]
    [any where event.action == "Detailed File Share" and winlog.event_data.RelativeTargetName : "winreg"]`);

  it('skips only lines that cannot hold a selected event', () => {
    const matcher = compileQuery(seedQuery);
    expect(matcher.mayMatchLine('{"event": {"action": "start"}}')).toBe(false);
    // `:` is case-insensitive: the line is searched lower-cased.
    expect(matcher.mayMatchLine('{"event": {"action": "Detailed File Share"}, "t": "WINREG"}')).toBe(true);
    expect(matcher.mayMatchLine('{"event": {"action": "Detailed File Share"}, "t": "srvsvc"}')).toBe(false);
    // A truncated line is parsed, so that the reader reports it.
    expect(matcher.mayMatchLine('{"event": {"action": "start"},')).toBe(true);
    // Escapes could spell the text differently: always parse such lines.
    expect(matcher.mayMatchLine('{"event": {"action": "Detailed File Sh\\u0061re"}}')).toBe(true);
  });

  it('never skips a line whose event a filter selects, however the text is cased or escaped', () => {
    const queries = [
      'any where action == "a\\"b\\\\c/d\u00e9" or action in ("x y", "z")',
      'any where action : ("*B\\\\C/*", "x?y") and action like~ "*"',
      'any where action like "a\\"b*" or action in~ ("Z")',
    ].map((text) => compileQuery(parse(text)));
    const escapeAll = (json: string) =>
      json.replace(/[\u007f-\uffff/]/g, (c) => (c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    let selections = 0;
    const recase = (text: string, upper: boolean[]) => [...text].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c.toLowerCase())).join('');
    fc.assert(
      fc.property(
        fc.constantFrom('a"b\\c/d\u00e9', 'x y', 'z', 'xzy', 'other'),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (action, upper, escaped) => {
          const source = { '@timestamp': 1, action: recase(action, upper) };
          const json = JSON.stringify(source);
          const line = escaped ? escapeAll(json) : json;
          for (const matcher of queries) {
            matcher.push({ _index: 'i', _id: '1', _source: source });
            const selected = matcher.stats.selected > 0;
            if (selected) {
              selections++;
              expect(matcher.mayMatchLine(line)).toBe(true);
            }
            matcher.stats.selected = 0;
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(selections).toBeGreaterThan(100);
  });

  it('gives the same results with and without the prefilter', async () => {
    const lines = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({
        '@timestamp': 1_700_000_000_000 + i * 1000,
        event: { category: i % 2 ? ['iam'] : ['file'], action: i % 2 ? 'logged-in-special' : i % 3 ? 'Detailed File Share' : 'other' },
        host: { id: `h${i % 5}` },
        winlog: { event_data: { PrivilegeList: ['SeBackupPrivilege'], RelativeTargetName: 'winreg' } },
      }),
    );
    const name = file(lines.join('\n'));
    const run = async (prefilter: boolean) => {
      const matcher = compileQuery(seedQuery, { inputOrder: 'sorted', size: 1000 });
      const stats = await streamNdjson(name, matcher, prefilter);
      return { stats, response: matcher.finish() };
    };
    const filtered = await run(true);
    const full = await run(false);
    expect(filtered.stats.parsed).toBeLessThan(full.stats.parsed);
    expect(filtered.response.hits.sequences?.length).toBeGreaterThan(0);
    expect(filtered.response.hits.sequences).toEqual(full.response.hits.sequences);
  });
});

describe('hostile NDJSON (issue 13)', () => {
  it('reads a 50 MB line in linear time and refuses a line over the limit, keeping the others', async () => {
    const name = file(`{"a":"${'x'.repeat(50 * 1024 * 1024)}"}\n{"b":1}\n`);
    try {
      // Over the default limit (16 Mi characters): a finding for line 1, line 2 read.
      await expect(collect(readNdjson(name))).rejects.toThrow(/:1: line is longer than 16777216 characters/);
      process.env.NDJSON_MAX_LINE_LENGTH = String(64 * 1024 * 1024);
      const started = performance.now();
      const events = await collect(readNdjson(name));
      expect(events.map((e) => e._id)).toEqual(['1', '2']);
      expect(performance.now() - started).toBeLessThan(10_000);
      process.env.NDJSON_MAX_LINE_LENGTH = '1000';
      const lines: number[] = [];
      const bad: (number | undefined)[] = [];
      await forEachLine(name, (_line, n) => lines.push(n), { onBadLine: (error) => bad.push(error.line) });
      expect([lines, bad]).toEqual([[2], [1]]);
      await expect(collect(readNdjson(name))).rejects.toThrow(/:1: line is longer than 1000 characters/);
    } finally {
      delete process.env.NDJSON_MAX_LINE_LENGTH;
    }
  });

  it('refuses an event nested 10,000 deep with a finding for its line', async () => {
    await expect(collect(readNdjson(file(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}\n`)))).rejects.toThrow(/:1: the event is nested more than 100 levels/);
  });

  it('refuses a FIFO instead of blocking on it', async () => {
    const fifo = path.join(mkdtempSync(path.join(tmpdir(), 'fifo-')), 'events.ndjson');
    execFileSync('mkfifo', [fifo]);
    await expect(collect(readNdjson(fifo))).rejects.toThrow(/not a regular file/);
  });
});
