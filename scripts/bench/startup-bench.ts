// `npm run bench -- startup [--runs N]`: the whole-process time of the commands a detection
// engineer runs dozens of times an hour, as they run them (`npm run …`, npm's own start-up
// included) and as `node bin/cli.mjs …` directly, each against `node -e 0` measured in the same
// run. Runs are interleaved, one of each case per round, so that a load spike on a shared machine
// hits every case alike; the median of the rounds is reported.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { REPO_ROOT } from '../project-paths.js';
import { runCommand, wholeNumber } from '../report/command-line.js';
import { median } from './timing.js';
import { CLI, writeRules } from './validate-bench.js';

interface Case {
  readonly name: string;
  /** Arguments after `npm run` and after `node bin/cli.mjs`. */
  readonly npm: readonly string[];
  readonly direct: readonly string[];
  /** Seconds, whole process, for the `npm run` form (issue 16's targets). */
  readonly target?: number;
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const QUERY = 'process where process.name == "cmd.exe" and process.args : "/c"';
const KQL_QUERY = 'event.category:process and process.name:"cmd.exe"';
const ESQL_QUERY = 'FROM logs-* | WHERE process.name == "cmd.exe" | STATS n = COUNT(*) BY host.name';

function cases(manyRules: string): Case[] {
  return [
    { name: 'validate, this repository', npm: ['validate'], direct: ['validate'], target: 0.6 },
    { name: 'validate, 2,000 generated rules', npm: ['validate', '--', manyRules], direct: ['validate', manyRules], target: 1.5 },
    { name: 'start (validate + replay tests)', npm: ['start'], direct: ['start'], target: 1.0 },
    { name: 'test:rules, this repository', npm: ['test:rules'], direct: ['test-rules'], target: 0.6 },
    { name: 'eql check, one query', npm: ['eql', '--', 'check', '--query', QUERY], direct: ['eql', 'check', '--query', QUERY], target: 0.4 },
    { name: 'kql check, one query', npm: ['kql', '--', 'check', '--query', KQL_QUERY], direct: ['kql', 'check', '--query', KQL_QUERY], target: 0.4 },
    { name: 'esql check, one query', npm: ['esql', '--', 'check', '--query', ESQL_QUERY], direct: ['esql', 'check', '--query', ESQL_QUERY], target: 0.4 },
  ];
}

/** Seconds one process takes, start to exit; its exit status must be 0. */
function timeProcess(command: string, args: readonly string[]): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status ?? run.signal}: ${run.stderr.trim().split('\n')[0] ?? ''}`);
  return seconds;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('bench startup')
    .description('Whole-process time of validate, start, test:rules and the eql, kql and esql checks against node -e 0.')
    .option('--runs <n>', 'rounds (the median is reported)', '5');
  return runCommand<{ runs: string }>(program, argv, async (options) => {
    const runs = wholeNumber('runs', options.runs, 1);
    const directory = mkdtempSync(path.join(tmpdir(), 'startup-bench-'));
    try {
      writeRules(directory, 2000);
      const all = cases(directory);
      // One untimed run: builds dist/ if a source changed, and fills the file cache.
      timeProcess(process.execPath, [CLI, 'validate']);
      const baseline: number[] = [];
      const npmTimes = all.map((): number[] => []);
      const directTimes = all.map((): number[] => []);
      for (let round = 0; round < runs; round++) {
        baseline.push(timeProcess(process.execPath, ['-e', '0']));
        all.forEach((c, i) => {
          npmTimes[i]!.push(timeProcess(NPM, ['run', '--silent', ...c.npm]));
          directTimes[i]!.push(timeProcess(process.execPath, [CLI, ...c.direct]));
        });
      }
      const node = median(baseline);
      const width = Math.max(...all.map((c) => c.name.length));
      const lines = [
        `node -e 0: ${node.toFixed(3)} s (median of ${runs}); times are medians, whole process, in seconds; ×: ratio to node -e 0`,
        `${'command'.padEnd(width)}  npm run       node bin/cli.mjs  target (npm run)`,
      ];
      all.forEach((c, i) => {
        const viaNpm = median(npmTimes[i]!);
        const direct = median(directTimes[i]!);
        const verdict = c.target === undefined ? '' : `< ${c.target.toFixed(1)} s ${viaNpm < c.target ? 'met' : 'NOT met'}`;
        lines.push(`${c.name.padEnd(width)}  ${viaNpm.toFixed(2)} ${`(${(viaNpm / node).toFixed(1)}×)`.padEnd(8)} ${direct.toFixed(2)} ${`(${(direct / node).toFixed(1)}×)`.padEnd(12)} ${verdict}`);
      });
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
}
