import { describe, expect, it } from 'vitest';
import { lookbackMillis, resolveTime } from '../../scripts/testing/time.js';
import { concreteIndexFor, matchesIndexPatterns } from '../../scripts/testing/index-patterns.js';

describe('case times', () => {
  const now = Date.parse('2024-05-01T10:05:00Z');
  it('resolves ISO-8601, epoch millis and date math', () => {
    expect(resolveTime('2024-05-01T10:00:00Z', undefined)).toBe(Date.parse('2024-05-01T10:00:00Z'));
    expect(resolveTime(1714557600000, undefined)).toBe(1714557600000);
    expect(resolveTime('now', now)).toBe(now);
    expect(resolveTime('now-2m', now)).toBe(now - 120_000);
    expect(resolveTime('now-1m-30s', now)).toBe(now - 90_000);
    expect(resolveTime('now+500ms', now)).toBe(now + 500);
  });
  it('rejects what is not a time, saying why', () => {
    expect(() => resolveTime('now-2x', now)).toThrow(/not date math/);
    expect(() => resolveTime('now-2m', undefined)).toThrow(/has no now/);
    expect(() => resolveTime('yesterday', now)).toThrow(/not an ISO-8601 time/);
  });
  it('reads schedules and look-backs', () => {
    expect(lookbackMillis('now-9m')).toBe(540_000);
    expect(lookbackMillis(undefined)).toBe(360_000);
    expect(() => lookbackMillis('9m')).toThrow(/now-9m/);
  });
});

describe('index patterns', () => {
  it('match with wildcards and exclusions', () => {
    expect(matchesIndexPatterns(['winlogbeat-*', 'logs-system.*'], 'logs-system.security-default')).toBe(true);
    expect(matchesIndexPatterns(['winlogbeat-*', 'logs-system.*'], 'logs-endpoint.events-default')).toBe(false);
    expect(matchesIndexPatterns(['logs-*', '-logs-endpoint*'], 'logs-endpoint.events-default')).toBe(false);
    expect(matchesIndexPatterns(['logs-*,-logs-endpoint*'], 'logs-system.security')).toBe(true);
    expect(matchesIndexPatterns(['logs.system'], 'logsXsystem')).toBe(false);
  });
  it('search a data stream backing index through its data stream, as exported hits name it', () => {
    expect(matchesIndexPatterns(['logs-system.*'], '.ds-logs-system.security-default-2024.05.01-000001')).toBe(true);
    expect(matchesIndexPatterns(['logs-windows.*'], '.ds-logs-system.security-default-2024.05.01-000001')).toBe(false);
  });
  it('name a concrete index for a pattern', () => {
    expect(concreteIndexFor('logs-system.*')).toBe('logs-system.replay');
    expect(matchesIndexPatterns(['logs-system.*'], concreteIndexFor('logs-system.*'))).toBe(true);
  });
});
