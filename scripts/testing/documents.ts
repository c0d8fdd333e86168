// A test case's documents made concrete: times resolved against the case's `now`, every document
// given an `_id` and an `_index`, NDJSON files read.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { forEachLine, NdjsonError, parseLine } from '../engines/embedded/ndjson.js';
import type { EventDocument } from '../engines/types.js';
import type { Finding } from '../report/finding.js';
import type { LoadedTestFile } from './test-file.js';
import { concreteIndexFor } from './index-patterns.js';
import { isRelativeTime, resolveTime, TimeError } from './time.js';

export interface CaseDocuments {
  readonly documents: EventDocument[];
  /** The simulated run time, epoch milliseconds. */
  readonly now: number;
}

const ONE_MINUTE = 60_000;

export type Location = { file: string; line?: number; column?: number };

/** A document as a test gives it: its source, and the `_id` and `_index` it names, if any. */
export interface GivenDocument {
  readonly source: Record<string, unknown>;
  readonly id: unknown;
  readonly index: unknown;
}

/** An inline document or a plain NDJSON line names its `_id` and `_index` among its fields. */
function givenDocument(document: Record<string, unknown>): GivenDocument {
  const { _id, _index, ...source } = document;
  return { source, id: _id, index: _index };
}

/**
 * The documents of an NDJSON file, read as the engine reads event files (a hit line keeps its
 * `_index` and `_id`); `declared` is where the test file names it, for a file that cannot be read.
 */
export async function readNdjsonDocuments(
  file: string,
  declared: Location,
  code = 'test.documents',
): Promise<{ documents: { document: GivenDocument; line: number }[]; findings: Finding[] }> {
  const documents: { document: GivenDocument; line: number }[] = [];
  const findings: Finding[] = [];
  const badLine = (error: NdjsonError): void => {
    findings.push({ code, severity: 'error', message: `line ${error.line} is not a JSON document: ${error.reason}`, file, line: error.line ?? 1, column: error.column ?? 1 });
  };
  try {
    await forEachLine(
      file,
      (line, lineNumber) => {
        try {
          const event = parseLine(line, lineNumber, file);
          const given = givenDocument(event._source);
          documents.push({ document: { source: given.source, id: event._id ?? given.id, index: event._index ?? given.index }, line: lineNumber });
        } catch (error) {
          // Every bad line is reported, not only the first.
          if (!(error instanceof NdjsonError)) throw error;
          badLine(error);
        }
      },
      { onBadLine: badLine },
    );
  } catch (error) {
    if (!(error instanceof NdjsonError)) throw error;
    return { documents, findings: [{ code, severity: 'error', message: `documents_file: ${error.reason}`, ...declared, hint: 'the path is relative to the test file' }] };
  }
  return { documents, findings };
}

/**
 * Why `file` may not be read as a documents_file: it lies outside `root` (by its real path, links
 * followed). Test files come from pull requests; without this, a test could read any file on the CI
 * machine and echo its start in a finding.
 */
async function outsideRoot(file: string, root: string): Promise<string | undefined> {
  const inside = (base: string, target: string) => {
    const relative = path.relative(base, target);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  const real = await realpath(file).catch(() => undefined);
  // A missing file is judged by its path (the reader then says it is missing).
  if (real === undefined) return inside(path.resolve(root), path.resolve(file)) ? undefined : `${file} is outside the repository (${root})`;
  if (inside(await realpath(root), real)) return undefined;
  return `${file} is outside the repository (${root})${real === path.resolve(file) ? '' : `: it leads to ${real}`}`;
}

/**
 * `object` with date math (`now-2m`) at the dotted path `parts` turned into an ISO time, found as
 * nested objects or literal dotted keys; the objects on the path are copied, never changed.
 */
function withRelativeTimeResolved(object: Record<string, unknown>, parts: readonly string[], now: number): Record<string, unknown> {
  for (let length = parts.length; length >= 1; length--) {
    const key = parts.slice(0, length).join('.');
    if (!(key in object)) continue;
    const value = object[key];
    if (length === parts.length) return isRelativeTime(value) ? { ...object, [key]: new Date(resolveTime(value, now)).toISOString() } : object;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { ...object, [key]: withRelativeTimeResolved(value as Record<string, unknown>, parts.slice(length), now) };
    }
  }
  return object;
}

/**
 * Resolves the documents of case `caseIndex`; `indexPatterns` are the rule's, for default `_index`;
 * `timeFields` are the rule's other timestamp fields (timestamp_override), where date math is resolved too.
 * A documents_file must lie inside `documentsRoot` (the repository); null allows any path.
 */
export async function prepareCaseDocuments(
  testFile: LoadedTestFile,
  caseIndex: number,
  indexPatterns: readonly string[],
  timeFields: readonly string[] = [],
  documentsRoot: string | null = process.cwd(),
): Promise<{ value?: CaseDocuments; findings: Finding[] }> {
  const testCase = testFile.tests.cases[caseIndex]!;
  const findings: Finding[] = [];
  const at = (pathInCase: (string | number)[]) => ({ file: testFile.file, ...testFile.source.locate(['cases', caseIndex, ...pathInCase]) });
  const raw: { document: GivenDocument; where: Location }[] = (testCase.documents ?? []).map((document, n) => ({
    document: givenDocument(document),
    where: at(['documents', n]),
  }));
  if (testCase.documents_file !== undefined) {
    const file = path.join(path.dirname(testFile.file), testCase.documents_file);
    const refusal = documentsRoot === null ? undefined : await outsideRoot(file, documentsRoot);
    if (refusal !== undefined) {
      const hint = 'keep test documents in the repository, or run test:rules with --documents-outside-repository';
      return { findings: [{ code: 'test.documents', severity: 'error', message: `documents_file: ${refusal}`, ...at(['documents_file']), hint }] };
    }
    const read = await readNdjsonDocuments(file, at(['documents_file']));
    findings.push(...read.findings);
    for (const { document, line } of read.documents) raw.push({ document, where: { file, line, column: 1 } });
  }

  // Without an explicit now: one minute after the newest absolute time; relative times then count from the wall clock.
  let now: number | undefined;
  if (testCase.now !== undefined) {
    try {
      now = resolveTime(testCase.now, undefined);
    } catch (error) {
      findings.push({ code: 'test.time', severity: 'error', message: `now: ${(error as Error).message}`, ...at(['now']) });
      return { findings };
    }
  } else {
    // A loop, not Math.max(...times): a documents_file may hold more times than a call takes arguments.
    let newest: number | undefined;
    raw.forEach(({ document, where }, n) => {
      const time = document.source['@timestamp'];
      if (time === undefined || isRelativeTime(time)) return;
      try {
        const millis = resolveTime(time, undefined);
        if (newest === undefined || millis > newest) newest = millis;
      } catch (error) {
        findings.push({ code: 'test.time', severity: 'error', message: `document ${n + 1}: ${(error as Error).message}`, ...where });
      }
    });
    if (findings.length > 0) return { findings };
    now = newest === undefined ? Date.now() : newest + ONE_MINUTE;
  }

  const defaultIndex = concreteIndexFor(indexPatterns[0] ?? 'replay');
  const documents: EventDocument[] = [];
  raw.forEach(({ document, where }, n) => {
    let source = { ...document.source };
    try {
      const timestamp = source['@timestamp'];
      if (timestamp !== undefined) source['@timestamp'] = new Date(resolveTime(timestamp, now)).toISOString();
      for (const field of timeFields) source = withRelativeTimeResolved(source, field.split('.'), now!);
    } catch (error) {
      if (!(error instanceof TimeError)) throw error;
      findings.push({ code: 'test.time', severity: 'error', message: `document ${n + 1}: ${error.message}`, ...where });
      return;
    }
    documents.push({
      _id: typeof document.id === 'string' ? document.id : `doc-${n + 1}`,
      _index: typeof document.index === 'string' ? document.index : defaultIndex,
      _source: source,
    });
  });
  return findings.length > 0 ? { findings } : { value: { documents, now: now! }, findings };
}
