// `npm run fuzz -- --minutes N`: the fuzz properties for N minutes (default 1), time shared among
// the targets. Every failing input is added to regressions.json, which `npm test` replays.
import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { targets } from './targets.js';

const REGRESSIONS = new URL('./regressions.json', import.meta.url);

function minutesArgument(argv: readonly string[]): number {
  const at = argv.indexOf('--minutes');
  if (at < 0) return 1;
  const minutes = Number(argv[at + 1]);
  if (!(minutes > 0)) {
    process.stderr.write('usage: npm run fuzz -- --minutes N (N > 0)\n');
    process.exit(2);
  }
  return minutes;
}

const budget = (minutesArgument(process.argv.slice(2)) * 60_000) / targets.length;
const regressions = JSON.parse(readFileSync(REGRESSIONS, 'utf8')) as Record<string, string[]>;
let failures = 0;
for (const target of targets) {
  const result = fc.check(fc.property(target.input, (input) => target.run(input)), { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: budget });
  if (result.failed && result.counterexample) {
    const [input] = result.counterexample;
    failures++;
    regressions[target.name] = [...(regressions[target.name] ?? []), input];
    process.stdout.write(`FAIL ${target.name} after ${result.numRuns} inputs: ${JSON.stringify(input).slice(0, 200)}\n  ${String(result.errorInstance ?? '').split('\n')[0]}\n`);
  } else {
    process.stdout.write(`ok   ${target.name}: ${result.numRuns} inputs in ${(budget / 1000).toFixed(0)} s\n`);
  }
}
if (failures > 0) writeFileSync(REGRESSIONS, `${JSON.stringify(regressions, null, 2)}\n`);
process.exit(failures > 0 ? 1 : 0);
