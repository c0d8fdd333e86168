// Run index names and patterns: appending the run suffix to a name and a pattern keeps whether
// they match, and index name rules are enforced with a reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesIndexPatterns } from '../../../scripts/testing/index-patterns.js';
import {
  anyIncluded,
  indexNameProblem,
  isValidRunId,
  newRunId,
  runIndexName,
  runPattern,
  runPatterns,
  runSuffix,
} from '../../../scripts/engines/elasticsearch/run-indices.js';

const nameCharacters = fc.constantFrom(...'abc-.*_09'.split(''));

describe('run indices', () => {
  it('keeps pattern matching unchanged when both sides get the run suffix', () => {
    const suffix = runSuffix('k3x9ab', 4);
    fc.assert(
      fc.property(
        fc.string({ unit: nameCharacters, minLength: 1, maxLength: 12 }).map((text) => text.replace(/\*/g, '')).filter((text) => text !== ''),
        fc.string({ unit: nameCharacters, minLength: 1, maxLength: 8 }).filter((text) => text !== '-'),
        (name, pattern) =>
          matchesIndexPatterns([pattern], name) === matchesIndexPatterns([runPattern(pattern, suffix)], runIndexName(name, suffix)),
      ),
      { numRuns: 2000 },
    );
  });

  it('restricts the seed rule\'s patterns to the run', () => {
    const suffix = runSuffix('abc123', 1);
    const patterns = ['winlogbeat-*', 'logs-system.*'].map((pattern) => runPattern(pattern, suffix));
    expect(patterns).toEqual(['winlogbeat-*-replay-abc123-1', 'logs-system.*-replay-abc123-1']);
    expect(anyIncluded(['logs-system.security-default-replay-abc123-1'], patterns)).toBe(true);
    // Another run's index, and the same index without a suffix, are outside the run.
    expect(anyIncluded(['logs-system.security-default-replay-abc123-2', 'logs-system.security-default'], patterns)).toBe(false);
    // Exclusions keep excluding.
    const excluding = ['logs-*', '-logs-system.*'].map((pattern) => runPattern(pattern, suffix));
    expect(anyIncluded(['logs-system.security-default-replay-abc123-1'], excluding)).toBe(false);
    expect(anyIncluded(['logs-windows.sysmon-default-replay-abc123-1'], excluding)).toBe(true);
  });

  it('splits comma-separated entries and refuses an empty pattern', () => {
    expect(runPatterns(['winlogbeat-*, logs-system.*'], '-replay-a-1')).toEqual(['winlogbeat-*-replay-a-1', 'logs-system.*-replay-a-1']);
    expect(() => runPatterns(['logs-*,'], '-replay-a-1')).toThrow(/empty index pattern/);
  });

  it('refuses remote-cluster and date-math patterns', () => {
    expect(() => runPattern('remote:logs-*', '-replay-a-1')).toThrow(/remote cluster or uses date math/);
    expect(() => runPattern('<logs-{now/d}>', '-replay-a-1')).toThrow(/remote cluster or uses date math/);
  });

  it('explains why a name cannot be an index', () => {
    expect(indexNameProblem('logs-system.security-default')).toBeUndefined();
    expect(indexNameProblem('Logs')).toMatch(/uppercase/);
    expect(indexNameProblem('logs*')).toMatch(/contains "\*"/);
    expect(indexNameProblem('_logs')).toMatch(/starts with/);
    expect(indexNameProblem('x'.repeat(256))).toMatch(/longer than 255 bytes/);
    expect(() => runIndexName('x'.repeat(250), runSuffix('abc', 1))).toThrow(/exceeds Elasticsearch's 255-byte limit/);
  });

  it('makes valid, distinct run ids', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRunId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(isValidRunId(id)).toBe(true);
    expect(isValidRunId('Has-Upper')).toBe(false);
  });
});
