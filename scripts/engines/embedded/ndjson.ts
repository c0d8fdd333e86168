// Reading events from NDJSON files of any size: chunks are split into lines as they arrive, so
// memory holds one chunk, never the file. A line is either a plain _source object or an
// Elasticsearch hit ({_index, _id, _source}); blank lines are skipped.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { EventDocument } from '../types.js';
import type { QueryMatcher } from './compile-query.js';

/** A bad line or an unreadable file: where, and what to do. */
export class NdjsonError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

// 64 KiB reads: measured faster than 1 MiB ones, and they keep ~40 MiB less garbage alive at peak.
const CHUNK = 1 << 16;

interface LineBatch {
  readonly lines: string[];
  /** 1-based line number of each line. */
  readonly numbers: number[];
}

/** The non-blank lines of `file`, a read chunk at a time (the consumer's pace drives the reads). */
async function* lineBatches(file: string): AsyncGenerator<LineBatch> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK });
  let carry = '';
  let lineNumber = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = carry + chunk;
      const batch: LineBatch = { lines: [], numbers: [] };
      let start = 0;
      let newline = text.indexOf('\n', start);
      while (newline >= 0) {
        lineNumber++;
        let end = newline;
        if (end > start && text.charCodeAt(end - 1) === 13) end--;
        if (end > start) {
          batch.lines.push(text.slice(start, end));
          batch.numbers.push(lineNumber);
        }
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      carry = text.slice(start);
      if (batch.lines.length > 0) yield batch;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new NdjsonError(`cannot read ${file}: ${reason}`, file);
  } finally {
    stream.destroy();
  }
  const last = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
  if (last.trim() !== '') yield { lines: [last], numbers: [lineNumber + 1] };
}

/** Calls `visit` with every non-blank line of `file` and its 1-based line number. */
export async function forEachLine(file: string, visit: (line: string, lineNumber: number) => void): Promise<void> {
  for await (const { lines, numbers } of lineBatches(file)) {
    for (let i = 0; i < lines.length; i++) visit(lines[i] as string, numbers[i] as number);
  }
}

/** The 1-based column a JSON.parse error message points at in `line`, when it says. */
export function jsonErrorColumn(message: string, line: string): number | undefined {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]) + 1;
  return /Unexpected end/.test(message) ? line.length + 1 : undefined;
}

/** Parses one line into an event; an invalid line is an NdjsonError naming file, line and column. */
export function parseEventLine(line: string, lineNumber: number, file: string, defaultIndex: string): EventDocument {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const message = (error as Error).message;
    throw new NdjsonError(
      `${file}:${lineNumber}: invalid JSON (${message}); each line must hold one JSON object`,
      file,
      lineNumber,
      jsonErrorColumn(message, line),
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (line.trim() === '') throw new NdjsonError(`${file}:${lineNumber}: empty line`, file, lineNumber);
    throw new NdjsonError(`${file}:${lineNumber}: expected a JSON object (an event), got ${Array.isArray(value) ? 'an array' : typeof value}`, file, lineNumber, 1);
  }
  const record = value as Record<string, unknown>;
  const source = record._source;
  if (typeof source === 'object' && source !== null && !Array.isArray(source)) {
    return {
      _index: typeof record._index === 'string' ? record._index : defaultIndex,
      _id: typeof record._id === 'string' ? record._id : String(lineNumber),
      _source: source as Record<string, unknown>,
    };
  }
  return { _index: defaultIndex, _id: String(lineNumber), _source: record };
}

const indexName = (file: string): string => path.basename(file).replace(/\.(nd)?jsonl?$/i, '');

/** Streams the events of an NDJSON file; ids default to line numbers, the index to the file name. */
export async function* readNdjson(file: string): AsyncIterable<EventDocument> {
  const index = indexName(file);
  for await (const { lines, numbers } of lineBatches(file)) {
    for (let i = 0; i < lines.length; i++) yield parseEventLine(lines[i] as string, numbers[i] as number, file, index);
  }
}

export interface StreamStats {
  /** Non-blank lines read. */
  lines: number;
  /** Lines parsed (the others could not hold an event the query selects). */
  parsed: number;
}

/**
 * Streams an NDJSON file through a matcher, parsing only the lines its prefilter cannot rule out.
 * `prefilter: false` parses every line.
 */
export async function streamNdjson(file: string, matcher: QueryMatcher, prefilter = true): Promise<StreamStats> {
  const index = indexName(file);
  const stats: StreamStats = { lines: 0, parsed: 0 };
  await forEachLine(file, (line, lineNumber) => {
    stats.lines++;
    if (prefilter && !matcher.mayMatchLine(line)) return;
    stats.parsed++;
    matcher.push(parseEventLine(line, lineNumber, file, index));
  });
  return stats;
}
