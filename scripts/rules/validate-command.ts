// `npm run validate -- [PATH...] [--changed [--base REF]] [--format text|json|github]`
import path from 'node:path';
import { Command } from 'commander';
import { LINT_PROFILES, type LintProfile } from '../lints/index.js';
import { oneOf, runCommand } from '../report/command-line.js';
import { FORMAT_VERSION, findingsJson } from '../report/json-output.js';
import { renderFindingGithub, renderFindingText, type OutputFormat } from '../report/render.js';
import { changedRuleFiles } from '../review/changed.js';
import { repositoryChecks } from './repository-checks.js';
import { validateRules, type ValidationReport } from './validate.js';

/** The report in the one JSON convention (scripts/report/json-output.ts; schemas/output/validate.schema.json). */
export function validationJson(report: ValidationReport): object {
  return {
    format_version: FORMAT_VERSION,
    rules: report.rules.map((rule) => ({
      path: rule.path,
      rule_id: rule.rule_id,
      name: rule.name,
      valid: rule.valid,
      findings: findingsJson(rule.findings),
    })),
    findings: findingsJson(report.general),
    summary: report.summary,
  };
}

export function validationText(report: ValidationReport, seconds: number): string {
  const lines: string[] = report.general.map(renderFindingText);
  for (const rule of report.rules) {
    if (rule.findings.length === 0) lines.push(`ok    ${rule.path}  (${rule.name})`);
    else {
      lines.push(`${rule.valid ? 'warn ' : 'FAIL '} ${rule.path}${rule.name ? `  (${rule.name})` : ''}`);
      for (const finding of rule.findings) lines.push(`  ${renderFindingText(finding).replace(/\n/g, '\n  ')}`);
    }
  }
  const { files, valid, invalid, errors, warnings } = report.summary;
  lines.push(
    `${files} rule file${files === 1 ? '' : 's'}: ${valid} valid, ${invalid} invalid; ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (${seconds.toFixed(2)} s)`,
  );
  return `${lines.join('\n')}\n`;
}

export function validationExitCode(report: ValidationReport): number {
  if (report.summary.files === 0 && report.general.length > 0) return 2;
  return report.summary.errors > 0 ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('validate')
    .description('Validate rule files: TOML/YAML syntax, JSON Schema, EQL syntax and fields, lints.')
    .argument('[paths...]', 'rule files or folders (default: "rules")')
    .option('--format <format>', 'text, json or github', 'text')
    .option('--profile <profile>', 'lint profile for this run, instead of the one in .lints.yaml: default or strict')
    .option('--changed', 'only the rule files changed since the base (unique ids and names still checked against every rule)')
    .option('--base <ref>', 'with --changed: the git base (default: merge base with origin/main, else main)');
  return runCommand<{ format: string; profile?: string; changed?: boolean; base?: string }>(program, argv, async (options, args) => {
    const format = oneOf<OutputFormat>('format', options.format, ['text', 'json', 'github']);
    const profile = options.profile === undefined ? undefined : oneOf<LintProfile>('profile', options.profile, LINT_PROFILES);
    const started = performance.now();
    let focus: ((file: string) => boolean) | undefined;
    if (options.changed) {
      const changed = new Set((await changedRuleFiles(options.base ? { base: options.base } : {})).rules.map((file) => path.resolve(file)));
      // Asked for every rule by every lint: resolve each path once.
      const answers = new Map<string, boolean>();
      focus = (file) => {
        let answer = answers.get(file);
        if (answer === undefined) answers.set(file, (answer = changed.has(path.resolve(file))));
        return answer;
      };
    }
    const report = await validateRules(args.length > 0 ? args : ['rules'], await repositoryChecks({ ...(profile ? { lintProfile: profile } : {}), ...(focus ? { focus } : {}) }), focus);
    const seconds = (performance.now() - started) / 1000;
    if (format === 'json') process.stdout.write(`${JSON.stringify(validationJson(report), null, 2)}\n`);
    else if (format === 'github') {
      const findings = [...report.general, ...report.rules.flatMap((rule) => rule.findings)];
      process.stdout.write(findings.map((finding) => `${renderFindingGithub(finding)}\n`).join(''));
    } else process.stdout.write(validationText(report, seconds));
    return validationExitCode(report);
  });
}
