// `npm run attack -- <generate|navigator|coverage>`: the ATT&CK facts table and coverage views.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { oneOf, runCommand, UsageError, writeOutput } from '../report/command-line.js';
import { isError, type Finding } from '../report/finding.js';
import { FORMAT_VERSION, findingsJson, writeJson } from '../report/json-output.js';
import { renderFindingText } from '../report/render.js';
import { loadRules } from '../rules/load.js';
import type { RuleFile } from '../rules/rule-file.js';
import { coverageByTactic, renderCoverageTable } from './coverage.js';
import { ATTACK_FACTS_FILE, loadAttackFacts } from './facts.js';
import { AttackSourceError, ATTACK_SOURCE_FILE, buildAttackFacts, renderAttackFacts } from './generate-facts.js';
import { buildNavigatorLayer } from './navigator.js';

const usage = 'usage: npm run attack -- <generate|navigator|coverage> [options] (--help for each)\n';

async function generate(argv: string[]): Promise<number> {
  const program = new Command('attack generate')
    .description('write schemas/attack-enterprise.json from the Enterprise ATT&CK export')
    .option('--source <file>', 'the ATT&CK export', ATTACK_SOURCE_FILE)
    .option('--out <file>', 'the facts table to write', ATTACK_FACTS_FILE)
    .option('--check', 'write nothing; exit 1 when the table is not what the source gives');
  return runCommand<{ source: string; out: string; check?: boolean }>(program, argv, async (options) => {
    if (!existsSync(options.source)) {
      throw new UsageError(`ATT&CK source not found: ${options.source}; it ships in vendor/mitre-attack, or pass --source FILE`);
    }
    let text: string;
    try {
      text = renderAttackFacts(buildAttackFacts(readFileSync(options.source, 'utf8')));
    } catch (error) {
      if (!(error instanceof AttackSourceError)) throw error;
      process.stderr.write(`${options.source}: ${error.message}\n`);
      return 2;
    }
    if (options.check) {
      const current = existsSync(options.out) ? readFileSync(options.out, 'utf8') : '';
      if (current === text) return 0;
      process.stderr.write(`${options.out} is stale: run npm run attack -- generate\n`);
      return 1;
    }
    writeOutput(options.out, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), options.out) || options.out}\n`);
    return 0;
  });
}

/** Loads the rules; load and schema findings go to stderr, since the views only count valid rules. */
async function loadValidRules(paths: string[], printFindings = true): Promise<{ rules: RuleFile[]; findings: Finding[]; failed: boolean }> {
  const { rules, findings } = await loadRules(paths.length > 0 ? paths : ['rules']);
  if (printFindings) for (const finding of findings) process.stderr.write(`${renderFindingText(finding)}\n`);
  return { rules, findings, failed: findings.some(isError) };
}

async function navigator(argv: string[]): Promise<number> {
  const program = new Command('attack navigator')
    .description('write an ATT&CK Navigator layer (JSON, layer format 4.5) of the techniques the rules cover')
    .argument('[paths...]', 'rule files or folders (default: "rules")')
    .option('--out <file>', 'write the layer here instead of stdout')
    .option('--name <name>', 'the layer name', 'Detection rules coverage');
  return runCommand<{ out?: string; name: string }>(program, argv, async (options, args) => {
    const { rules, failed } = await loadValidRules(args);
    const layer = `${JSON.stringify(buildNavigatorLayer(rules, loadAttackFacts(), options.name), null, 2)}\n`;
    if (options.out) {
      writeOutput(options.out, layer);
      process.stderr.write(`wrote ${options.out}\n`);
    } else {
      process.stdout.write(layer);
    }
    return failed ? 1 : 0;
  });
}

async function coverage(argv: string[]): Promise<number> {
  const program = new Command('attack coverage')
    .description('print, per tactic, the techniques and sub-techniques the rules cover')
    .argument('[paths...]', 'rule files or folders (default: "rules")')
    .option('--format <format>', 'text or json', 'text');
  return runCommand<{ format: string }>(program, argv, async (options, args) => {
    const format = oneOf('format', options.format, ['text', 'json'] as const);
    const { rules, findings } = await loadValidRules(args, format === 'text');
    const table = coverageByTactic(rules, loadAttackFacts());
    if (format === 'json') {
      writeJson({
        format_version: FORMAT_VERSION,
        tactics: table.map(({ tactic, techniques, subtechniques, rules: count }) => ({ id: tactic.id, name: tactic.name, techniques, subtechniques, rules: count })),
        findings: findingsJson(findings),
      });
    } else process.stdout.write(renderCoverageTable(table));
    return findings.some(isError) ? 1 : 0;
  });
}

const subcommands: Record<string, (argv: string[]) => Promise<number>> = { generate, navigator, coverage };

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    process.stdout.write(usage);
    return 0;
  }
  // Own keys only: `attack toString` must not reach Object.prototype.
  const subcommand = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (!subcommand) {
    process.stderr.write(name === undefined ? usage : `attack: unknown subcommand "${name}"\n${usage}`);
    return 2;
  }
  return subcommand(rest);
}
