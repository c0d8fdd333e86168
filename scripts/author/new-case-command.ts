// `npm run new -- case RULE --from EVENTS.ndjson [--alert N] [--negative] [--name NAME]`
// Records a test case from real events (an export from Discover, or `replay` output), writes it
// into the rule's test file, and runs the rule's tests to show that it passes.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { loadFieldCatalogue } from '../eql/index.js';
import type { EventDocument } from '../engines/types.js';
import { runCommand, UsageError, wholeNumber } from '../report/command-line.js';
import type { Finding } from '../report/finding.js';
import { renderFindingText } from '../report/render.js';
import { loadRuleFile } from '../rules/load.js';
import { readNdjsonDocuments } from '../testing/documents.js';
import { createEmbeddedBackend } from '../testing/embedded-backend.js';
import { concreteIndexFor } from '../testing/index-patterns.js';
import { replayPlan, runRuleTests } from '../testing/run-tests.js';
import { DEFAULT_TESTS_DIR, exists, testFileFor } from '../testing/test-file.js';
import { queryReadFields } from './query-fields.js';
import { huntAlerts, negativeCase, positiveCase, type RecordInput } from './record-case.js';
import { addCaseToTestFile, TestFileMismatch } from './test-file-writer.js';

interface Options {
  from?: string;
  alert: string;
  negative?: boolean;
  name?: string;
  maxEvents: string;
  tests: string;
  rulesDir: string;
}

/** The events of an NDJSON export, read as test documents_file are; a line without an _id gets line-N. */
async function readEvents(file: string, defaultIndex: string): Promise<{ events: EventDocument[]; findings: Finding[] }> {
  const { documents, findings } = await readNdjsonDocuments(file, { file }, 'case.events');
  const events = documents.map(({ document, line }) => ({
    _id: typeof document.id === 'string' ? document.id : `line-${line}`,
    _index: typeof document.index === 'string' ? document.index : defaultIndex,
    _source: document.source,
  }));
  return { events, findings };
}

const describeAlert = (n: number, ids: readonly string[]): string => `  alert ${n}: ${ids.join(' → ')}`;

export async function main(argv: string[]): Promise<number> {
  const program = new Command('new case')
    .description("Record a test case from real events: replay the rule over them and add the chosen alert's events (or, with --negative, events that raised none) to the rule's test file, trimmed to the fields the rule reads.")
    .argument('<rule-file>', 'the rule file')
    .option('--from <file>', 'NDJSON events: a Discover export or replay output, one _source object or hit per line')
    .option('--alert <n>', 'which alert of the replay to record (1 is the first)', '1')
    .option('--negative', 'record a case that must not alert, from events that raised no alert')
    .option('--name <name>', 'the case name (default: says what was recorded from where)')
    .option('--max-events <n>', 'with --negative: at most this many events', '20')
    .option('--tests <dir>', 'the rule tests folder', DEFAULT_TESTS_DIR)
    .option('--rules-dir <dir>', 'the rules folder the tests folder mirrors', 'rules');
  return runCommand<Options>(program, argv, async (options, [ruleFile]) => {
    if (!options.from) throw new UsageError('--from EVENTS.ndjson is required');
    const alertNumber = wholeNumber('alert', options.alert, 1);
    const maxEvents = wholeNumber('max-events', options.maxEvents, 1);
    if (!(await exists(ruleFile as string))) throw new UsageError(`cannot read the rule file ${ruleFile}: no such file`);
    const from = options.from;
    if (!(await stat(from).then((info) => info.isFile(), () => false))) throw new UsageError(`--from ${from} is not a file (give an NDJSON export)`);
    const loaded = await loadRuleFile(ruleFile as string);
    if (!loaded.rule) {
      process.stderr.write(loaded.findings.map((finding) => `${renderFindingText(finding)}\n`).join(''));
      return 1;
    }
    const rule = loaded.rule;
    const body = rule.document.rule;
    const catalogue = loadFieldCatalogue();
    const backend = createEmbeddedBackend();
    const plan = replayPlan(rule, { backend, catalogue });
    if ('skipped' in plan) throw new UsageError(`${ruleFile}: ${plan.skipped}; there is nothing to record`);
    if ('error' in plan) throw new UsageError(`${ruleFile}: ${plan.error}`);
    const fields = queryReadFields(body) ?? [];

    // Lines without an _index go to the rule's first index (for ES|QL, its FROM's).
    const { events, findings } = await readEvents(options.from, concreteIndexFor(plan.indexPatterns[0] ?? 'replay'));
    if (findings.length > 0) {
      process.stderr.write(findings.map((finding) => `${renderFindingText(finding)}\n`).join(''));
      process.stderr.write(`${findings.length} bad line(s) in ${options.from}: nothing recorded\n`);
      return 1;
    }
    const input: RecordInput = { rule, plan, events, fields, catalogue };
    const alerts = await huntAlerts(input);
    process.stdout.write(`${events.length} events in ${options.from}: ${alerts.length} alert${alerts.length === 1 ? '' : 's'}\n`);
    alerts.slice(0, 20).forEach((alert, n) => process.stdout.write(`${describeAlert(n + 1, alert.ids)}\n`));
    if (alerts.length > 20) process.stdout.write(`  … and ${alerts.length - 20} more\n`);

    const source = path.basename(options.from);
    let recorded;
    if (options.negative) {
      recorded = await negativeCase(input, alerts, options.name ?? `no alert on ${source}`, maxEvents);
      if (!recorded) {
        process.stderr.write(`no event of ${options.from} in the rule's indices (${plan.indexPatterns.join(', ')}) stands outside the alerts (every one is part of an alert, or has no time): nothing to record as a must-not-alert case\n`);
        return 1;
      }
      if (recorded.expect.alerts > 0) {
        process.stderr.write(`the chosen events raise ${recorded.expect.alerts} alert(s) on their own (a sequence the full export had completed differently); record fewer with --max-events, or write the case by hand\n`);
        return 1;
      }
    } else {
      if (alerts.length === 0) {
        process.stderr.write(`the rule raises no alert on ${options.from}: nothing to record as an alerting case (record a must-not-alert case with --negative)\n`);
        return 1;
      }
      const alert = alerts[alertNumber - 1];
      if (!alert) throw new UsageError(`--alert ${alertNumber}: the replay raised ${alerts.length} alert${alerts.length === 1 ? '' : 's'}; choose 1 to ${alerts.length}`);
      if (alert.ids.length === 0) {
        process.stderr.write(`alert ${alertNumber} is a row of an aggregating ES|QL query, which names no events: write the alerting case by hand (a negative case can still be recorded with --negative)\n`);
        return 1;
      }
      recorded = await positiveCase(input, alert, options.name ?? `alert ${alertNumber} of ${source}: ${alert.ids.join(', ')}`);
      if (recorded.expect.alerts === 0) {
        process.stderr.write(`alert ${alertNumber}'s events, trimmed to the fields the rule reads, raise no alert in one run of the rule (are they further apart than its look-back ${body.from ?? ''}?); nothing recorded\n`);
        return 1;
      }
    }

    const testFile = testFileFor(rule.file, options.tests, options.rulesDir);
    let written;
    try {
      written = await addCaseToTestFile(testFile, body.rule_id, recorded);
    } catch (error) {
      if (error instanceof TestFileMismatch) {
        process.stderr.write(`${error.message}\n`);
        return 1;
      }
      throw error;
    }
    process.stdout.write(
      `${written.replaced ? `replaced case "${written.replaced}" with` : 'added'} case ${written.position} "${recorded.name}" in ${testFile}: ${recorded.documents.length} document(s), expect ${recorded.expect.alerts} alert(s)\n`,
    );

    // The case as the test runner sees it: this is what `npm run test:rules` will say.
    const run = await runRuleTests([rule], { backend, testsDir: options.tests });
    const result = run.reports[0]?.cases[written.position - 1];
    for (const finding of run.findings.filter((f) => f.file === testFile)) process.stdout.write(`${renderFindingText(finding)}\n`);
    if (!result?.passed) {
      process.stdout.write(`the recorded case fails: ${result?.error ?? 'it was not run'}\n`);
      return 1;
    }
    process.stdout.write(`the recorded case passes; run all of the rule's tests with: npm run test:rules -- ${rule.file}\n`);
    return 0;
  });
}
