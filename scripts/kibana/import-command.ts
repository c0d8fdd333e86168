// `npm run import -- FILE.ndjson | --from-kibana [--rule-id ID...] | --rewrite FILE...`:
// Kibana rules into rule files in the repository's TOML layout. Rules exported from this
// repository come back byte for byte; `--rewrite` puts existing rule files in that layout.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { runCommand, UsageError } from '../report/command-line.js';
import type { Finding } from '../report/finding.js';
import { renderFindingText } from '../report/render.js';
import { loadRuleFile, parseRuleText } from '../rules/load.js';
import type { RuleDocument } from '../rules/rule-file.js';
import { formatRuleToml } from '../rules/rule-writer.js';
import { kibanaClient, stoppedByKibana, withKibanaOptions, type KibanaCommandOptions } from './kibana-options.js';
import { ruleFromKibana } from './rule-from-kibana.js';
import { exportRules } from './rules-api.js';

interface ImportOptions extends KibanaCommandOptions {
  fromKibana?: boolean;
  ruleId?: string[];
  root: string;
  rewrite?: boolean;
}

const SCHEMA_FILE = 'schemas/rule.schema.json';

/** The `#:schema` path for a rule file at `file` (relative to the repository root). */
export function schemaPathFor(file: string): string {
  return path.posix.relative(path.posix.dirname(file), SCHEMA_FILE);
}

/** The canonical text of a rule document placed at `file`. */
export function canonicalRuleText(document: RuleDocument, file: string): string {
  return formatRuleToml(document, { schemaPath: schemaPathFor(file) });
}

type Written = 'created' | 'updated' | 'unchanged';

async function writeIfChanged(target: string, text: string): Promise<Written> {
  const before = existsSync(target) ? await readFile(target, 'utf8') : undefined;
  if (before === text) return 'unchanged';
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
  return before === undefined ? 'created' : 'updated';
}

/** Objects of an export: rules only (exception lists, connectors and the summary line are not rules). */
function rulesOfExport(text: string, source: string, findings: Finding[]): Record<string, unknown>[] {
  const rules: Record<string, unknown>[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const object = JSON.parse(line) as unknown;
      if (typeof object === 'object' && object !== null && 'rule_id' in object && 'type' in object) rules.push(object as Record<string, unknown>);
    } catch (error) {
      findings.push({
        code: 'import.json',
        severity: 'error',
        message: `line ${index + 1} is not JSON: ${(error as Error).message}`,
        file: source,
        line: index + 1,
        column: 1,
        hint: 'an export holds one JSON object per line',
      });
    }
  });
  if (rules.length === 0) {
    findings.push({ code: 'import.empty', severity: 'error', message: `${source} holds no rules`, file: source, hint: 'give an export of detection rules (Kibana: Rules → Export)' });
  }
  return rules;
}

/** The rule_id of the rule file at `target`; undefined when there is no file, '' when it holds no readable rule. */
async function ruleIdOnDisk(target: string): Promise<string | undefined> {
  if (!existsSync(target)) return undefined;
  const { rule } = await loadRuleFile(target);
  return typeof rule?.document.rule?.rule_id === 'string' ? rule.document.rule.rule_id : '';
}

/** Why `file` (from an export's meta.repository.file) cannot be a rule file's path under `root`, if it cannot. */
function badFileName(file: unknown, root: string): string | undefined {
  if (typeof file !== 'string' || file === '') return `has meta.repository.file ${JSON.stringify(file) ?? String(file)}, not a file path`;
  if (file.includes('\0')) return 'has a NUL character in meta.repository.file';
  // NAME_MAX of every common file system: 255 bytes per path component.
  if (file.split(/[\\/]/).some((part) => Buffer.byteLength(part) > 255)) return 'has a name longer than 255 bytes in meta.repository.file';
  if (!path.resolve(root, file).startsWith(`${root}${path.sep}`)) return `names a file outside the repository: "${file}"`;
  return undefined;
}

async function importRules(rules: Record<string, unknown>[], options: ImportOptions, findings: Finding[]): Promise<string[]> {
  const root = path.resolve(options.root);
  const report: string[] = [];
  // Every path an export names is checked before anything is written: a bad one stops the whole import.
  let refused = false;
  for (const kibanaRule of rules) {
    const meta = (kibanaRule.meta as { repository?: { file?: unknown } } | undefined)?.repository;
    const problem = meta === undefined || !('file' in meta) ? undefined : badFileName(meta.file, root);
    if (problem !== undefined) {
      refused = true;
      findings.push({ code: 'import.path', severity: 'error', message: `rule ${String(kibanaRule.rule_id)} ${problem}`, file: options.root, hint: 'edit meta.repository.file in the export; nothing was written' });
    }
  }
  if (refused) return report;
  // Files this run wrote, by rule_id: two rules of one import never share a file.
  const claimed = new Map<string, string>();
  for (const kibanaRule of rules) {
    const ruleId = String(kibanaRule.rule_id);
    const { document, files } = ruleFromKibana(kibanaRule, options.owner);
    // Rule files are TOML; a rule that came from a YAML file comes back as TOML beside it.
    const candidates = files.map((file) => file.replace(/\.(ya?ml)$/, '.toml'));
    const outside = candidates.find((file) => !path.resolve(root, file).startsWith(`${root}${path.sep}`));
    if (outside !== undefined) {
      findings.push({ code: 'import.path', severity: 'error', message: `rule ${ruleId} names a file outside the repository: "${outside}"`, file: options.root, hint: 'edit meta.repository.file in the export' });
      continue;
    }
    // Never overwrite another rule's file: that rule would be lost without a word.
    let file: string | undefined;
    let holder: string | undefined;
    for (const candidate of candidates) {
      const target = path.resolve(root, candidate);
      holder = claimed.get(target) ?? (await ruleIdOnDisk(target));
      if (holder === undefined || holder === ruleId) {
        file = candidate;
        break;
      }
    }
    if (file === undefined) {
      const taken = candidates[0] as string;
      findings.push({
        code: 'import.collision',
        severity: 'error',
        message: `rule ${ruleId} was not written: ${taken} already holds ${holder === '' ? 'a file that is not a readable rule' : `rule ${holder}`}`,
        file: path.relative(process.cwd(), path.resolve(root, taken)),
        hint: 'move or rename that file, or import this rule into another --root',
      });
      continue;
    }
    const target = path.resolve(root, file);
    const text = canonicalRuleText(document, file);
    const problems = parseRuleText(file, text).findings.filter((finding) => finding.severity === 'error');
    if (problems.length > 0) {
      findings.push(...problems.map((finding) => ({ ...finding, message: `rule ${ruleId} would not be a valid rule file: ${finding.message}` })));
      continue;
    }
    claimed.set(target, ruleId);
    report.push(`${(await writeIfChanged(target, text)).padEnd(9)} ${path.relative(process.cwd(), target)}  (${ruleId})`);
  }
  return report;
}

async function rewrite(files: string[], findings: Finding[]): Promise<string[]> {
  const report: string[] = [];
  for (const file of files) {
    const { rule, findings: problems } = await loadRuleFile(file);
    if (rule === undefined) {
      findings.push(...problems);
      continue;
    }
    const relative = path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
    report.push(`${(await writeIfChanged(file, canonicalRuleText(rule.document, relative))).padEnd(9)} ${file}`);
  }
  return report;
}

export async function main(argv: string[]): Promise<number> {
  const program = withKibanaOptions(
    new Command('import')
      .description('Turn Kibana rules (an export file, or a live Kibana with --from-kibana) into rule files; --rewrite puts rule files in the canonical layout.')
      .argument('[files...]', 'an .ndjson export; with --rewrite, the rule files to rewrite')
      .option('--from-kibana', 'read the rules from Kibana (KIBANA_URL, ...) instead of a file')
      .option('--rule-id <ids...>', 'only these rules')
      .option('--root <dir>', 'repository root the rule files are written under', '.')
      .option('--rewrite', 'rewrite the given rule files in the canonical layout'),
  );
  return runCommand<ImportOptions>(program, argv, async (options, files) => {
    const findings: Finding[] = [];
    let report: string[];
    if (options.rewrite) {
      if (files.length === 0) throw new UsageError('--rewrite needs the rule files to rewrite');
      report = await rewrite(files, findings);
    } else {
      if (options.fromKibana === true ? files.length > 0 : files.length !== 1) {
        throw new UsageError('give one .ndjson export file, or --from-kibana');
      }
      let rules: Record<string, unknown>[];
      let source: string;
      if (options.fromKibana) {
        try {
          const client = kibanaClient(options);
          source = `Kibana space "${client.connection.space}"`;
          rules = rulesOfExport(await exportRules(client, options.ruleId), 'Kibana _export', findings);
        } catch (error) {
          return stoppedByKibana('import', error);
        }
      } else {
        const file = files[0] as string;
        if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
        source = file;
        rules = rulesOfExport(await readFile(file, 'utf8'), file, findings);
      }
      const wanted = options.ruleId === undefined ? undefined : new Set(options.ruleId);
      // Kibana's _export names a missing rule only in the details line left out here; a file says nothing.
      for (const ruleId of wanted ?? []) {
        if (!rules.some((rule) => String(rule.rule_id) === ruleId)) {
          findings.push({ code: 'import.missing', severity: 'error', message: `no rule with rule_id ${ruleId} in ${source}`, file: source, hint: 'check the rule_id' });
        }
      }
      report = await importRules(wanted === undefined ? rules : rules.filter((rule) => wanted.has(String(rule.rule_id))), options, findings);
    }
    if (report.length > 0) process.stdout.write(`${report.join('\n')}\n`);
    if (findings.length > 0) process.stderr.write(findings.map((finding) => `${renderFindingText(finding)}\n`).join(''));
    return findings.some((finding) => finding.severity === 'error') ? 1 : 0;
  });
}
