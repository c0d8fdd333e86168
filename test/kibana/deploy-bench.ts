// Measures `deploy apply` of N copies of the seed rule (distinct rule_ids) against the Kibana
// stand-in, with both apply strategies, through the real CLI in a child process.
//   npx tsx test/kibana/deploy-bench.ts [N=1000] [LATENCY_MS=0]
// LATENCY_MS is added to every answer of the stand-in, to stand for a network and Kibana's work.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { KibanaStandIn } from './kibana-stand-in.js';
import { removeRuleCopies, writeRuleCopies } from './rule-copies.js';

const API_KEY = 'YmVuY2g6a2V5';
const count = Number(process.argv[2] ?? 1000);
const latencyMs = Number(process.argv[3] ?? 0);

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
try {
  for (const strategy of ['import', 'rules']) {
    const kibana = await KibanaStandIn.start({ apiKey: API_KEY, latencyMs });
    const apply = await cli(['deploy', 'apply', folder, '--strategy', strategy], kibana.url);
    const applyRequests = kibana.requestCount();
    const plan = await cli(['deploy', 'plan', folder, '--detailed-exitcode'], kibana.url);
    const summary = apply.stdout.trim().split('\n').at(-1);
    process.stdout.write(
      `${strategy.padEnd(6)} apply of ${count} rules (${latencyMs} ms latency): exit ${apply.code}, ${applyRequests} requests, ${apply.seconds.toFixed(2)} s wall (CLI start included); ` +
        `${kibana.rules().length} rules in Kibana; then plan: exit ${plan.code}, ${kibana.requestCount() - applyRequests} requests, ${plan.seconds.toFixed(2)} s\n  ${summary}\n`,
    );
    if (apply.code !== 0) process.stdout.write(apply.stderr);
    await kibana.close();
  }
} finally {
  removeRuleCopies(folder);
}
