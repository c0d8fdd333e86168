// `npm run bench -- <name> [args]`: benchmarks are scripts, never timed tests.
import type { CommandMain } from '../cli.js';

const benchmarks: Record<string, () => Promise<{ main: CommandMain }>> = {
  eql: () => import('./eql-bench.js'),
  kql: () => import('./kql-bench.js'),
  esql: () => import('./esql-bench.js'),
  engine: () => import('./engine-bench.js'),
  validate: () => import('./validate-bench.js'),
  generate: () => import('./generate-events.js'),
  startup: () => import('./startup-bench.js'),
};

const USAGE = `usage: npm run bench -- <${Object.keys(benchmarks).join('|')}> [args]   (each takes --help)`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n\nbenchmarks: eql (parse and field-check 1,000 queries), kql and esql (parse and check a rule repository's KQL or ES|QL queries), engine FILE (an embedded engine over an NDJSON export), validate (2,000 generated rules), generate N OUT (synthetic events), startup (command start-up)\n`);
    return 0;
  }
  const load = name !== undefined && Object.hasOwn(benchmarks, name) ? benchmarks[name] : undefined;
  if (!load) {
    const unknown = name === undefined ? '' : `unknown benchmark "${name}"\n`;
    process.stderr.write(`${unknown}${USAGE}\n`);
    return 2;
  }
  return (await load()).main(rest);
}
