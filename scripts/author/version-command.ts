// `npm run version -- bump [PATH...] [--base REF] [--dry-run]`
import { Command } from 'commander';
import { runCommand } from '../report/command-line.js';
import { isError } from '../report/finding.js';
import { renderFindingText } from '../report/render.js';
import { VERSION_LOCK_FILE } from '../kibana/version-lock.js';
import { BUMP_COMMAND } from '../review/review-findings.js';
import { applyVersionBumps, planVersionBumps, type VersionBump } from './version-bump.js';


interface Options {
  base?: string;
  dryRun?: boolean;
}

function describe(bump: VersionBump): string {
  const parts = [
    ...(bump.version ? [`version ${bump.version.from ?? '(none)'} → ${bump.version.to}`] : []),
    ...(bump.lock ? [`${VERSION_LOCK_FILE} version ${bump.lock.from ?? '(none)'} → ${bump.lock.to}`] : []),
    ...(bump.updated_date ? [`updated_date ${bump.updated_date.from} → ${bump.updated_date.to}`] : []),
  ];
  return `${bump.path}: ${parts.join(', ')}`;
}

async function bump(argv: string[]): Promise<number> {
  const program = new Command('version bump')
    .description(
      `Raise the version of each rule whose content changed since the git base, once (to the base's version + 1), and move its updated_date to today; the version lives in the rule file, or in ${VERSION_LOCK_FILE} (elastic/detection-rules' layout) for rules without one.`,
    )
    .argument('[paths...]', 'only rules under these files or folders (default: every changed rule)')
    .option('--base <ref>', 'the branch, tag or commit to compare with (default: merge base with origin/main, else main)')
    .option('--dry-run', 'print what would change, change nothing');
  return runCommand<Options>(program, argv, async (options, paths) => {
    const plan = await planVersionBumps({ ...(options.base !== undefined ? { base: options.base } : {}), paths });
    const findings = [...plan.findings, ...(options.dryRun ? [] : await applyVersionBumps(plan))];
    for (const item of plan.bumps) process.stdout.write(`${options.dryRun ? 'would bump' : 'bumped'} ${describe(item)}\n`);
    for (const finding of findings) process.stdout.write(`${renderFindingText(finding)}\n`);
    if (plan.bumps.length === 0 && findings.length === 0) process.stdout.write(`nothing to bump: no rule changed since ${plan.base.ref} needs a higher version or a newer updated_date\n`);
    return findings.some(isError) ? 1 : 0;
  });
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'bump') return bump(rest);
  const usage = `usage: ${BUMP_COMMAND} [PATH...] [--base REF] [--dry-run]   (bump takes --help)\n`;
  if (name === '--help' || name === '-h') {
    process.stdout.write(usage);
    return 0;
  }
  process.stderr.write(`${name === undefined ? '' : `unknown subcommand "${name}"\n`}${usage}`);
  return 2;
}
