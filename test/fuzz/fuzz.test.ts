// The short fuzz run of `npm test` (a few seconds), and every case a long run ever failed on.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { targets } from './targets.js';

const regressions = JSON.parse(readFileSync(new URL('./regressions.json', import.meta.url), 'utf8')) as Record<string, string[]>;

describe('fuzzing the entry points hostile input reaches', () => {
  for (const target of targets) {
    it(`${target.name}: every input ends in a value or a finding, in bounded time`, () => {
      fc.assert(fc.property(target.input, (input) => target.run(input)), { numRuns: 60 });
    });

    it(`${target.name}: the cases long runs found stay fixed`, () => {
      for (const input of regressions[target.name] ?? []) expect(() => target.run(input), input.slice(0, 80)).not.toThrow();
    });
  }
});
