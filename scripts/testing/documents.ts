// A test case's documents made concrete: times resolved against the case's `now`, every document
// given an `_id` and an `_index`, NDJSON files read.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
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

async function readNdjsonDocuments(file: string): Promise<{ documents: Record<string, unknown>[]; findings: Finding[] }> {
  const documents: Record<string, unknown>[] = [];
  const findings: Finding[] = [];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { documents, findings: [{ code: 'test.documents', severity: 'error', message: `cannot read documents_file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, file }] };
  }
  text.split('\n').forEach((line, n) => {
    if (line.trim() === '') return;
    try {
      const value = JSON.parse(line) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('a line must be a JSON object');
      documents.push(value as Record<string, unknown>);
    } catch (error) {
      findings.push({ code: 'test.documents', severity: 'error', message: `line ${n + 1} is not a JSON document: ${(error as Error).message}`, file, line: n + 1, column: 1 });
    }
  });
  return { documents, findings };
}

/** Resolves the documents of case `caseIndex`; `indexPatterns` are the rule's, for default `_index`. */
export async function prepareCaseDocuments(
  testFile: LoadedTestFile,
  caseIndex: number,
  indexPatterns: readonly string[],
): Promise<{ value?: CaseDocuments; findings: Finding[] }> {
  const testCase = testFile.tests.cases[caseIndex]!;
  const findings: Finding[] = [];
  const at = (pathInCase: (string | number)[]) => ({ file: testFile.file, ...testFile.source.locate(['cases', caseIndex, ...pathInCase]) });
  const raw: { document: Record<string, unknown>; where: ReturnType<typeof at> }[] = (testCase.documents ?? []).map((document, n) => ({
    document,
    where: at(['documents', n]),
  }));
  if (testCase.documents_file !== undefined) {
    const file = path.join(path.dirname(testFile.file), testCase.documents_file);
    const read = await readNdjsonDocuments(file);
    findings.push(...read.findings);
    read.documents.forEach((document, n) => raw.push({ document, where: { file, line: n + 1, column: 1 } }));
  }

  // Without an explicit now: one minute after the newest absolute time; relative times then count from the wall clock.
  let now: number | undefined;
  try {
    if (testCase.now !== undefined) now = resolveTime(testCase.now, undefined);
    else {
      const absolute = raw.map(({ document }) => document['@timestamp']).filter((time) => time !== undefined && !isRelativeTime(time));
      now = absolute.length > 0 ? Math.max(...absolute.map((time) => resolveTime(time, undefined))) + ONE_MINUTE : Date.now();
    }
  } catch (error) {
    findings.push({ code: 'test.time', severity: 'error', message: (error as Error).message, ...at(['now']) });
    return { findings };
  }

  const defaultIndex = concreteIndexFor(indexPatterns[0] ?? 'replay');
  const documents: EventDocument[] = [];
  raw.forEach(({ document, where }, n) => {
    const { _id, _index, ...source } = document;
    try {
      const timestamp = source['@timestamp'];
      if (timestamp !== undefined) source['@timestamp'] = new Date(resolveTime(timestamp, now)).toISOString();
    } catch (error) {
      if (!(error instanceof TimeError)) throw error;
      findings.push({ code: 'test.time', severity: 'error', message: `document ${n + 1}: ${error.message}`, ...where });
      return;
    }
    documents.push({
      _id: typeof _id === 'string' ? _id : `doc-${n + 1}`,
      _index: typeof _index === 'string' ? _index : defaultIndex,
      _source: source,
    });
  });
  return findings.length > 0 ? { findings } : { value: { documents, now: now! }, findings };
}
