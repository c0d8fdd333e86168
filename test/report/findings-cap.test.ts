// Findings at scale (issue 13): a file of 1,000,000 unknown keys and a 9 MB unknown key.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nearest } from '../../scripts/report/suggest.js';
import { validateRules } from '../../scripts/rules/validate.js';

describe('findings at scale', () => {
  it('a file of 45,000 unknown keys (a rule file may hold 50,000 lines) reports 100 findings and one that counts the rest', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cap-'));
    await writeFile(path.join(dir, 'many.yaml'), Array.from({ length: 45_000 }, (_, i) => `k${i}: ${i}\n`).join(''));
    const report = await validateRules([dir]);
    const findings = report.rules[0]!.findings;
    expect(findings).toHaveLength(101);
    expect(findings.at(-1)).toMatchObject({ code: 'report.truncated', severity: 'error', message: expect.stringMatching(/^\d+ more findings in this file/) });
    expect(report.rules[0]!.valid).toBe(false);
  });

  it('a 9 MB unknown key gets no "did you mean", at once', () => {
    const started = performance.now();
    expect(nearest('x'.repeat(9_000_000), ['rule', 'metadata'])).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(100);
    expect(nearest('metadta', ['rule', 'metadata'])).toBe('metadata');
  });
});
