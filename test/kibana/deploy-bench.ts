// Measures `deploy` against the Kibana stand-in through the real CLI in a child process:
// apply of N copies of the seed rule (distinct rule_ids) into an empty space, then, with PRUNE of
// their files removed, `plan --prune` and `apply --prune`, then a last `plan --detailed-exitcode`.
//   npx tsx test/kibana/deploy-bench.ts [N=3000] [PRUNE=300] [LATENCY_MS=0] [STRATEGY=import]
// LATENCY_MS is added to every answer of the stand-in, to stand for a network and Kibana's work.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { KibanaStandIn } from './kibana-stand-in.js';
import { removeRuleCopies, writeRuleCopies } from './rule-copies.js';

const API_KEY = 'YmVuY2g6a2V5';
const count = Number(process.argv[2] ?? 3000);
const pruned = Number(process.argv[3] ?? 300);
const latencyMs = Number(process.argv[4] ?? 0);
const strategy = process.argv[5] ?? 'import';

function cli(args: string[], url: string): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), [path.join(REPO_ROOT, 'scripts/cli.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, KIBANA_URL: url, KIBANA_API_KEY: API_KEY },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

const folder = writeRuleCopies(count);
const kibana = await KibanaStandIn.start({ apiKey: API_KEY, latencyMs });
try {
  const step = async (label: string, args: string[]): Promise<void> => {
    const before = kibana.requestCount();
    const run = await cli(['deploy', ...args, folder, '--strategy', strategy], kibana.url);
    const summary = run.stdout.trim().split('\n').filter((line) => /^(Plan|Applied):/.test(line)).join(' | ');
    process.stdout.write(
      `${label.padEnd(22)} exit ${run.code}, ${kibana.requestCount() - before} requests, ${run.seconds.toFixed(2)} s wall (CLI start included); ${kibana.rules().length} rules in Kibana\n  ${summary}\n`,
    );
    if (run.code !== 0 && run.code !== 1) process.stdout.write(run.stderr);
  };
  process.stdout.write(`${count} rules, ${pruned} pruned, strategy ${strategy}, ${latencyMs} ms per answer\n`);
  await step(`apply (${count} creates)`, ['apply']);
  for (let n = count - pruned; n < count; n += 1) rmSync(path.join(folder, `copy_${String(n).padStart(5, '0')}.toml`));
  await step('plan --prune', ['plan', '--prune']);
  await step('apply --prune', ['apply', '--prune']);
  await step('plan (after)', ['plan', '--detailed-exitcode']);
} finally {
  await kibana.close();
  removeRuleCopies(folder);
}
