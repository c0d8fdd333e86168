// `npm run validate -- [PATH...] [--format text|json|github]`
import { Command } from 'commander';
import { oneOf, runCommand } from '../report/command-line.js';
import { FORMAT_VERSION, findingsJson } from '../report/json-output.js';
import { renderFindingGithub, renderFindingText, type OutputFormat } from '../report/render.js';
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
    .option('--format <format>', 'text, json or github', 'text');
  return runCommand<{ format: string }>(program, argv, async (options, args) => {
    const format = oneOf<OutputFormat>('format', options.format, ['text', 'json', 'github']);
    const started = performance.now();
    const report = await validateRules(args.length > 0 ? args : ['rules'], await repositoryChecks());
    const seconds = (performance.now() - started) / 1000;
    if (format === 'json') process.stdout.write(`${JSON.stringify(validationJson(report), null, 2)}\n`);
    else if (format === 'github') {
      const findings = [...report.general, ...report.rules.flatMap((rule) => rule.findings)];
      process.stdout.write(findings.map((finding) => `${renderFindingGithub(finding)}\n`).join(''));
    } else process.stdout.write(validationText(report, seconds));
    return validationExitCode(report);
  });
}
