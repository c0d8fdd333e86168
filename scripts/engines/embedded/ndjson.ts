// Reading events from NDJSON files of any size: chunks are split into lines as they arrive, so
// memory holds one chunk, never the file. A line is either a plain _source object or an
// Elasticsearch hit ({_index, _id, _source}); blank lines are skipped.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { EventDocument } from '../types.js';
import type { QueryMatcher } from './compile-query.js';

/** A bad line or an unreadable file: where, and what to do. */
export class NdjsonError extends Error {
  /** `reason`: the problem without its place, for reports that give the file and line themselves. */
  constructor(
    readonly reason: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? reason : `${file}:${line}: ${reason}`);
  }
}

// 64 KiB reads: measured faster than 1 MiB ones, and they keep ~40 MiB less garbage alive at peak.
const CHUNK = 1 << 16;

/**
 * The longest line read, in characters: 16 Mi by default (an event is rarely above a few KiB; this
 * leaves room for exports of large documents), overridable with NDJSON_MAX_LINE_LENGTH. A longer
 * line is an error for that line and is skipped unbuffered, so memory stays bounded.
 */
export const DEFAULT_MAX_LINE_LENGTH = 16 * 1024 * 1024;

/** Events nested deeper than this are refused: no Elasticsearch mapping goes near it (index.mapping.depth.limit is 20). */
export const MAX_EVENT_DEPTH = 100;

export function maxLineLength(): number {
  const configured = Number(process.env.NDJSON_MAX_LINE_LENGTH);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_LINE_LENGTH;
}

interface LineBatch {
  /** The lines in file order; null for a line longer than the limit (its text is never kept). */
  readonly lines: (string | null)[];
  /** 1-based line number of each line. */
  readonly numbers: number[];
}

/** Whether text[start, end) holds only whitespace; most lines start with `{`, so this rarely slices. */
function isBlank(text: string, start: number, end: number): boolean {
  return text.charCodeAt(start) > 32 ? false : text.slice(start, end).trim() === '';
}

async function checkRegularFile(file: string): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NdjsonError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}`, file);
  }
  if (info.isDirectory()) throw new NdjsonError(`cannot read ${file}: is a directory`, file);
  // A FIFO would block the read forever, a device never ends.
  if (!info.isFile()) throw new NdjsonError(`cannot read ${file}: not a regular file (a FIFO, socket or device); only regular files are read`, file);
}

/**
 * The non-blank lines of `file`, a read chunk at a time (the consumer's pace drives the reads).
 * Each chunk is searched once: a line that spans chunks is kept as its pieces and joined once, so
 * the work is linear in the file whatever its line lengths.
 */
async function* lineBatches(file: string, limit: number): AsyncGenerator<LineBatch> {
  await checkRegularFile(file);
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK });
  let pieces: string[] = [];
  let piecesLength = 0;
  let overLong = false;
  let lineNumber = 0;
  const finish = (batch: LineBatch, tail: string): void => {
    lineNumber++;
    if (overLong || piecesLength + tail.length > limit) {
      batch.lines.push(null);
      batch.numbers.push(lineNumber);
    } else {
      let line = pieces.length === 0 ? tail : pieces.join('') + tail;
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      if (line !== '' && !isBlank(line, 0, line.length)) {
        batch.lines.push(line);
        batch.numbers.push(lineNumber);
      }
    }
    pieces = [];
    piecesLength = 0;
    overLong = false;
  };
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const batch: LineBatch = { lines: [], numbers: [] };
      let start = 0;
      let newline = chunk.indexOf('\n');
      while (newline >= 0) {
        finish(batch, chunk.slice(start, newline));
        start = newline + 1;
        newline = chunk.indexOf('\n', start);
      }
      if (start < chunk.length && !overLong) {
        piecesLength += chunk.length - start;
        // Past the limit the rest of the line is only counted, never kept.
        if (piecesLength > limit) {
          overLong = true;
          pieces = [];
        } else pieces.push(chunk.slice(start));
      }
      if (batch.lines.length > 0) yield batch;
    }
  } catch (error) {
    throw new NdjsonError(`cannot read ${file}: ${(error as Error).message}`, file);
  } finally {
    stream.destroy();
  }
  if (pieces.length > 0 || overLong) {
    const batch: LineBatch = { lines: [], numbers: [] };
    finish(batch, '');
    yield batch;
  }
}

const tooLongError = (file: string, lineNumber: number, limit: number): NdjsonError =>
  new NdjsonError(`line is longer than ${limit} characters (set NDJSON_MAX_LINE_LENGTH to allow longer lines)`, file, lineNumber, 1);

export interface LineOptions {
  /** Called for a line that cannot be read (too long); without it, such a line ends the read with an NdjsonError. */
  readonly onBadLine?: (error: NdjsonError) => void;
}

/** Calls `visit` with every non-blank line of `file` and its 1-based line number. */
export async function forEachLine(file: string, visit: (line: string, lineNumber: number) => void, options: LineOptions = {}): Promise<void> {
  const limit = maxLineLength();
  for await (const { lines, numbers } of lineBatches(file, limit)) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line !== null && line !== undefined) visit(line, numbers[i] as number);
      else {
        const error = tooLongError(file, numbers[i] as number, limit);
        if (!options.onBadLine) throw error;
        options.onBadLine(error);
      }
    }
  }
}

/** The 1-based column a JSON.parse error message points at in `line`, when it says. */
function jsonErrorColumn(message: string, line: string): number | undefined {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]) + 1;
  return /Unexpected end/.test(message) ? line.length + 1 : undefined;
}

/** Whether `value` nests objects or arrays more than `levels` deep (recursion bounded by `levels`). */
function deeperThan(value: object, levels: number): boolean {
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null && deeperThan(item, levels - 1)) return true;
    return false;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null && deeperThan(item, levels - 1)) return true;
  }
  return false;
}

/** A line's event as the line gives it: the `_index` and `_id` of an Elasticsearch hit, when it has them. */
export interface LineEvent {
  readonly _index: string | undefined;
  readonly _id: string | undefined;
  readonly _source: Record<string, unknown>;
}

/**
 * Parses one line: an Elasticsearch hit (`{_index, _id, _source}`, its `_source` unwrapped) or a
 * plain `_source` object. An invalid line is an NdjsonError naming file, line and column.
 */
export function parseLine(line: string, lineNumber: number, file: string): LineEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const message = (error as Error).message;
    throw new NdjsonError(`invalid JSON (${message}); each line must hold one JSON object`, file, lineNumber, jsonErrorColumn(message, line));
  }
  if (typeof value === 'object' && value !== null && deeperThan(value, MAX_EVENT_DEPTH)) {
    throw new NdjsonError(`the event is nested more than ${MAX_EVENT_DEPTH} levels deep; no event needs that`, file, lineNumber, 1);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NdjsonError(`expected a JSON object (an event), got ${Array.isArray(value) ? 'an array' : typeof value}`, file, lineNumber, 1);
  }
  const record = value as Record<string, unknown>;
  const source = record._source;
  if (typeof source === 'object' && source !== null && !Array.isArray(source)) {
    return {
      _index: typeof record._index === 'string' ? record._index : undefined,
      _id: typeof record._id === 'string' ? record._id : undefined,
      _source: source as Record<string, unknown>,
    };
  }
  return { _index: undefined, _id: undefined, _source: record };
}

/** Parses one line into an event; the index defaults to `defaultIndex`, the id to the line number. */
export function parseEventLine(line: string, lineNumber: number, file: string, defaultIndex: string): EventDocument {
  const event = parseLine(line, lineNumber, file);
  return { _index: event._index ?? defaultIndex, _id: event._id ?? String(lineNumber), _source: event._source };
}

const indexName = (file: string): string => path.basename(file).replace(/\.(nd)?jsonl?$/i, '');

/** Streams the events of an NDJSON file; ids default to line numbers, the index to the file name. */
export async function* readNdjson(file: string): AsyncIterable<EventDocument> {
  const index = indexName(file);
  const limit = maxLineLength();
  for await (const { lines, numbers } of lineBatches(file, limit)) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line === null || line === undefined) throw tooLongError(file, numbers[i] as number, limit);
      yield parseEventLine(line, numbers[i] as number, file, index);
    }
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
