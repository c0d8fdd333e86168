// `npm run export -- [PATH...] [--out FILE.ndjson]`: the repository's rules as the NDJSON that
// Kibana's `_import` takes, one payload a line, the same payloads `deploy` sends.
import { Command } from 'commander';
import { runCommand, UsageError, writeOutput } from '../report/command-line.js';
import { renderFindingText } from '../report/render.js';
import { loadDesiredRules } from './desired-rules.js';
import { DEFAULT_OWNER } from './managed-mark.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('export')
    .description('Write the rules as NDJSON for Kibana\'s rule import (Security → Rules → Import, or POST _import).')
    .argument('[paths...]', 'rule files or folders (default: "rules")')
    .option('--out <file>', 'write to this .ndjson file instead of stdout')
    .option('--owner <name>', 'owner named in the managed tag "Managed: <owner>"', DEFAULT_OWNER);
  return runCommand<{ out?: string; owner: string }>(program, argv, async (options, paths) => {
    if (options.out !== undefined && !options.out.endsWith('.ndjson')) {
      throw new UsageError(`--out must name a .ndjson file (Kibana's import refuses other names); got "${options.out}"`);
    }
    const { desired, findings } = await loadDesiredRules(paths, { owner: options.owner, repoRoot: process.cwd() });
    if (findings.length > 0) {
      process.stderr.write(findings.map((finding) => `${renderFindingText(finding)}\n`).join(''));
      process.stderr.write('export: nothing written; fix the findings above first\n');
      return 1;
    }
    const ndjson = desired.map(({ payload }) => `${JSON.stringify(payload)}\n`).join('');
    if (options.out === undefined) {
      process.stdout.write(ndjson);
    } else {
      writeOutput(options.out, ndjson);
      process.stderr.write(`export: ${desired.length} rule${desired.length === 1 ? '' : 's'} written to ${options.out}\n`);
    }
    return 0;
  });
}
