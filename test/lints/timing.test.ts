import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseLookBack } from '../../scripts/rules/schedule.js';
import { lineOf, lintFindings, passingRule, variant } from './rule-fixture.js';

describe('durations', () => {
  it('read intervals and look-backs in milliseconds and write them back', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseLookBack('now-9m')).toBe(540_000);
    expect(parseLookBack('9m')).toBeUndefined();
    expect(parseDuration('5 m')).toBeUndefined();
    expect(formatDuration(7_140_000)).toBe('119m');
    expect(formatDuration(3_600_000)).toBe('1h');
  });
});

describe('lint.lookback-interval', () => {
  it('passes a look-back at least the interval', () => {
    expect(lintFindings('lint.lookback-interval', variant(passingRule, ['from = "now-9m"', 'from = "now-5m"']))).toEqual([]);
  });

  it('fails a look-back shorter than the interval, at from', () => {
    const text = variant(passingRule, ['from = "now-9m"', 'from = "now-4m"']);
    const findings = lintFindings('lint.lookback-interval', text);
    expect(findings).toMatchObject([{ line: lineOf(text, 'from = "now-4m"'), path: 'rule.from', severity: 'error' }]);
    expect(findings[0]?.message).toContain('1m of every run');
  });

  it('uses Kibana\'s default look-back (now-6m) when from is absent, reporting at interval', () => {
    const text = variant(passingRule, ['from = "now-9m"\n', ''], ['interval = "5m"', 'interval = "10m"']);
    expect(lintFindings('lint.lookback-interval', text)).toMatchObject([{ line: lineOf(text, 'interval = "10m"'), path: 'rule.interval' }]);
  });
});

describe('lint.maxspan-lookback', () => {
  it('passes a maxspan within the look-back', () => {
    expect(lintFindings('lint.maxspan-lookback', variant(passingRule, ['maxspan=1m', 'maxspan=9m']))).toEqual([]);
  });

  it('fails a maxspan longer than the look-back, at the maxspan in the query', () => {
    const text = variant(passingRule, ['maxspan=1m', 'maxspan=30m']);
    const findings = lintFindings('lint.maxspan-lookback', text);
    const line = lineOf(text, 'maxspan=30m');
    expect(findings).toMatchObject([{ line, path: 'rule.query' }]);
    expect(findings[0]?.column).toBe(text.split('\n')[line - 1]!.indexOf('30m') + 1);
    expect(findings[0]?.hint).toContain('now-30m');
  });

  it('ignores queries that are not sequences with a maxspan', () => {
    const text = variant(passingRule, ['sequence by host.id with maxspan=1m\n  [process where process.name == "a.exe"]\n  [process where process.name == "b.exe"]', 'process where process.name == "maxspan.exe"']);
    expect(lintFindings('lint.maxspan-lookback', text)).toEqual([]);
  });
});

describe('lint.max-signals-range and lint.max-signals-high', () => {
  it('pass the default 100', () => {
    expect(lintFindings('lint.max-signals-range', passingRule)).toEqual([]);
    expect(lintFindings('lint.max-signals-high', passingRule)).toEqual([]);
  });

  it('fail above 1000 as an error', () => {
    const text = variant(passingRule, ['max_signals = 100', 'max_signals = 5000']);
    expect(lintFindings('lint.max-signals-range', text)).toMatchObject([{ line: lineOf(text, 'max_signals'), severity: 'error' }]);
    expect(lintFindings('lint.max-signals-high', text)).toEqual([]);
  });

  it('note above the default 100 as a warning', () => {
    const text = variant(passingRule, ['max_signals = 100', 'max_signals = 500']);
    expect(lintFindings('lint.max-signals-high', text)).toMatchObject([{ line: lineOf(text, 'max_signals'), severity: 'warning' }]);
    expect(lintFindings('lint.max-signals-range', text)).toEqual([]);
  });
});

describe('lint.building-block-timing', () => {
  const buildingBlock = (from: string, interval: string) =>
    variant(passingRule, ['from = "now-9m"', `building_block_type = "default"\nfrom = "${from}"`], ['interval = "5m"', `interval = "${interval}"`]);

  it('passes a building block that looks back 119m every 60m', () => {
    expect(lintFindings('lint.building-block-timing', buildingBlock('now-119m', '60m'))).toEqual([]);
  });

  it('fails a building block on the default schedule, at from and at interval', () => {
    const text = buildingBlock('now-9m', '5m');
    expect(lintFindings('lint.building-block-timing', text).map((f) => [f.path, f.line])).toEqual([
      ['rule.from', lineOf(text, 'from = "now-9m"')],
      ['rule.interval', lineOf(text, 'interval = "5m"')],
    ]);
  });

  it('is bypassed by metadata.bypass_bbr_timing', () => {
    const text = variant(buildingBlock('now-9m', '5m'), ['maturity = "production"', 'maturity = "production"\nbypass_bbr_timing = true']);
    expect(lintFindings('lint.building-block-timing', text)).toEqual([]);
  });
});
