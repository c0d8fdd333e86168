// Runs every spec of a suite on the embedded engine and compares results as Elasticsearch's EQL
// QA harness does: flattened event ids (-1 for a missing-event placeholder), exactly, in order.
import { parseQuery } from '../../eql/parser.js';
import type { EqlSearchResponse } from '../types.js';
import { EqlCompileError } from '../embedded/compile-expression.js';
import { runEql } from '../embedded/index.js';
import type { KeywordVariant, Spec, Suite } from './suite.js';

export interface SpecResult {
  readonly name: string;
  readonly query: string;
  readonly variant: KeywordVariant;
  readonly passed: boolean;
  readonly expected: readonly (readonly number[])[];
  readonly actual?: readonly number[];
  readonly expectedJoinKeys?: readonly string[];
  readonly actualJoinKeys?: readonly string[];
  readonly error?: string;
}

function eventIds(response: EqlSearchResponse, idField: string): number[] {
  const events = response.hits.events ?? response.hits.sequences?.flatMap((sequence) => sequence.events) ?? [];
  return events.map((event) => {
    if (event._source === undefined) return -1;
    const id = event._source[idField];
    return typeof id === 'number' ? id : Number(id);
  });
}

function joinKeys(response: EqlSearchResponse): string[] {
  return (response.hits.sequences ?? []).flatMap((sequence) => (sequence.join_keys ?? []).map((key) => String(key)));
}

const sameList = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export async function runSpec(suite: Suite, spec: Spec, variant: KeywordVariant, loaded: Awaited<ReturnType<Suite['load']>>): Promise<SpecResult> {
  const base = { name: spec.name, query: spec.query, variant, expected: spec.expected, ...(spec.joinKeys ? { expectedJoinKeys: spec.joinKeys } : {}) };
  const parsed = parseQuery(spec.query);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    return { ...base, passed: false, error: `syntax error at ${first?.line}:${first?.column}: ${first?.message ?? 'unknown'}` };
  }
  let response: EqlSearchResponse;
  try {
    response = await runEql(parsed.query, loaded.events, { ...suite.search, size: spec.size ?? suite.search.size, fieldTypes: loaded.fieldTypes, ...(loaded.fieldTypesByIndex ? { fieldTypesByIndex: loaded.fieldTypesByIndex } : {}) });
  } catch (error) {
    // Whatever stops the engine, the spec fails with the reason: never a skip, never a crash of the run.
    const at = error instanceof EqlCompileError && error.span ? ` at ${error.span.line}:${error.span.column}` : '';
    return { ...base, passed: false, error: `cannot run the query${at}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const actual = eventIds(response, suite.idField);
  const actualJoinKeys = joinKeys(response);
  const idsMatch = spec.expected.some((option) => sameList(option, actual));
  const keysMatch = spec.joinKeys === undefined || sameList(spec.joinKeys, actualJoinKeys);
  return { ...base, passed: idsMatch && keysMatch, actual, ...(spec.joinKeys ? { actualJoinKeys } : {}) };
}

export async function runSuite(suite: Suite, variants: readonly KeywordVariant[]): Promise<SpecResult[]> {
  const results: SpecResult[] = [];
  for (const variant of variants) {
    const loaded = await suite.load(variant);
    for (const spec of suite.specs) results.push(await runSpec(suite, spec, variant, loaded));
  }
  return results;
}
