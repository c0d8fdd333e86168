// `npm run deploy -- plan|apply [PATH...]`: make Kibana match the repository.
// Exit codes: 0 done (plan: also "no changes" with --detailed-exitcode); 1 findings in the rules,
// a rule that failed or was refused, or (plan with --detailed-exitcode) changes pending;
// 2 usage, connection or Kibana errors that stopped the command.
import { Command } from 'commander';
import { oneOf, runCommand, UsageError, wholeNumber } from '../report/command-line.js';
import { FORMAT_VERSION, findingsJson, writeJson } from '../report/json-output.js';
import { renderFindingText } from '../report/render.js';
import { applyPlan, KIBANA_IMPORT_LIMITS, type ApplyStrategy } from './deploy-apply.js';
import { buildPlan, hasChanges } from './deploy-plan.js';
import { loadDesiredRules } from './desired-rules.js';
import { kibanaClient, stoppedByKibana, withKibanaOptions, type KibanaCommandOptions } from './kibana-options.js';
import { planJson, planText, resultsText } from './plan-report.js';
import { prebuiltRuleIds } from '../rules/prebuilt-rules.js';
import { pruneGuard } from './prune-guard.js';
import { findAllRules } from './rules-api.js';
import { printableJson, printableLines } from './server-text.js';

interface DeployOptions extends KibanaCommandOptions {
  prune?: boolean;
  format: string;
  detailedExitcode?: boolean;
  strategy: string;
  importMaxBytes: string;
  importMaxObjects: string;
  verbose?: boolean;
}

export async function main(argv: string[]): Promise<number> {
  const program = withKibanaOptions(
    new Command('deploy')
      .description('Plan or apply the repository\'s rules to Kibana. Connection: KIBANA_URL, KIBANA_API_KEY or KIBANA_USERNAME/KIBANA_PASSWORD, KIBANA_CA_CERT.')
      .argument('<action>', 'plan (show what would change) or apply (make the changes)')
      .argument('[paths...]', 'rule files or folders (default: "rules")')
      .option('--prune', 'delete managed rules that are no longer in the repository')
      .option('--format <format>', 'text or json', 'text')
      .option('--detailed-exitcode', 'plan: exit 1 when there are changes to apply, 0 when there are none')
      .option('--strategy <strategy>', 'apply: import (bulk _import, the default) or rules (one POST/PUT per rule)', 'import')
      .option('--import-max-bytes <n>', 'apply: Kibana\'s xpack.securitySolution.maxRuleImportPayloadBytes; each _import stays below it', String(KIBANA_IMPORT_LIMITS.maxBytes))
      .option('--import-max-objects <n>', 'apply: Kibana\'s xpack.securitySolution.maxRuleImportExportSize; each _import holds fewer rules', String(KIBANA_IMPORT_LIMITS.maxObjects))
      .option('--verbose', 'list unchanged rules too'),
  );
  return runCommand<DeployOptions>(program, argv, async (options, [action, ...paths]) => {
    if (action !== 'plan' && action !== 'apply') throw new UsageError(`the first argument must be "plan" or "apply"; got "${action ?? ''}"`);
    const mode = action;
    const format = oneOf('format', options.format, ['text', 'json'] as const);
    const strategy = oneOf<ApplyStrategy>('strategy', options.strategy, ['import', 'rules']);
    // A 0-byte or 0-rule import limit would fail every request.
    // Chunks stay strictly below both limits: a chunk needs a limit of at least 2 rules.
    const limits = { maxBytes: wholeNumber('import-max-bytes', options.importMaxBytes, 1), maxObjects: wholeNumber('import-max-objects', options.importMaxObjects, 2) };
    const started = performance.now();
    const repoRoot = process.cwd();
    const prune = options.prune === true;
    const { desired, deprecated, findings } = await loadDesiredRules(paths, { owner: options.owner, repoRoot });
    const guard = prune ? await pruneGuard(repoRoot, paths, desired, deprecated) : undefined;
    findings.push(...(guard?.findings ?? []));
    if (findings.length > 0) {
      if (format === 'json') writeJson({ format_version: FORMAT_VERSION, findings: findingsJson(findings) });
      process.stderr.write(findings.map((finding) => `${renderFindingText(finding)}\n`).join(''));
      process.stderr.write(`deploy: nothing was sent to Kibana; fix the findings above first${guard?.findings.length ? ' (--prune needs every rule file of the repository to load)' : ''}\n`);
      return 1;
    }
    try {
      const client = kibanaClient(options);
      // Every rule in the space: the managed ones to diff and prune, the others to refuse to clobber.
      const live = await findAllRules(client);
      const plan = buildPlan(desired, live, { space: client.connection.space, owner: options.owner, prune, prebuiltRuleIds: prebuiltRuleIds(), ...(guard ? { keepFromPrune: guard.keepFromPrune } : {}) });
      if (mode === 'plan') {
        process.stdout.write(format === 'json' ? `${printableJson(JSON.stringify({ format_version: FORMAT_VERSION, ...planJson(plan) }, null, 2))}\n` : printableLines(planText(plan, { verbose: options.verbose === true })));
        if (plan.summary.conflict > 0) return 1;
        return options.detailedExitcode && hasChanges(plan) ? 1 : 0;
      }
      const { results, differences } = await applyPlan(client, plan, { strategy, limits });
      const statistics = { ...client.statistics, seconds: (performance.now() - started) / 1000 };
      if (format === 'json') {
        process.stdout.write(`${printableJson(JSON.stringify({ format_version: FORMAT_VERSION, plan: planJson(plan), results, differences, statistics }, null, 2))}\n`);
      } else {
        process.stdout.write(printableLines(planText(plan, { verbose: false })));
        process.stdout.write(printableLines(resultsText(results, differences, statistics)));
      }
      return differences.length > 0 || results.some((result) => result.outcome === 'failed' || result.outcome === 'refused') ? 1 : 0;
    } catch (error) {
      return stoppedByKibana('deploy', error);
    }
  });
}
