// `npm run new -- rule [--name N] [--type T] [--query Q] [--index P]... [--technique T]... …`
// Writes the rule and its test file, validates both as `validate` and `test:rules` would, and
// prints the next commands. Missing answers are asked for on a terminal, a usage error elsewhere.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { loadAttackFacts } from '../attack/facts.js';
import { oneOf, runCommand, UsageError, wholeNumber } from '../report/command-line.js';
import { isError } from '../report/finding.js';
import { renderFindingText } from '../report/render.js';
import { repositoryChecks } from '../rules/repository-checks.js';
import { formatRuleToml } from '../rules/rule-writer.js';
import { validateRules } from '../rules/validate.js';
import { gitUserName } from '../review/git.js';
import { DEFAULT_TESTS_DIR, exists, loadTestFile, testFileFor } from '../testing/test-file.js';
import { buildNewRule, RULE_TYPES, SEVERITIES, typeNeedsIndex, typeNeedsQuery, type NewRuleAnswers, type RuleType, type Severity } from './new-rule.js';
import { splitList, terminalPrompter, type Prompter } from './prompt.js';
import { queryReadFields } from './query-fields.js';
import { schemaLink } from './schema-link.js';
import { testSkeleton } from './test-skeleton.js';

export interface NewRuleOptions {
  name?: string;
  description?: string;
  type?: string;
  language?: string;
  query?: string;
  index?: string[];
  severity: string;
  riskScore?: string;
  technique?: string[];
  tactic?: string;
  platform?: string;
  author?: string[];
  thresholdField?: string[];
  thresholdValue?: string;
  newTermsField?: string[];
  historyWindowStart?: string;
  threatIndex?: string[];
  threatQuery?: string;
  threatMapping?: string[];
  mlJobId?: string[];
  anomalyThreshold?: string;
  savedId?: string;
  rulesDir: string;
  tests: string;
}

/** A repeatable option that also takes comma-separated lists. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), ...splitList(value)];

/** The answers from the flags, asking `prompter` (a terminal) for what they leave out. */
export async function answersFrom(options: NewRuleOptions, prompter: Prompter | undefined): Promise<NewRuleAnswers> {
  const ask = async (value: string | undefined, question: string, fallback?: string): Promise<string | undefined> =>
    value ?? (prompter ? await prompter.ask(question, fallback) : fallback);
  const askList = async (value: string[], question: string): Promise<string[]> =>
    value.length > 0 || !prompter ? value : splitList(await prompter.ask(`${question} (comma-separated)`));

  const name = (await ask(options.name, 'Rule name')) ?? '';
  const type = oneOf<RuleType>('type', (await ask(options.type, `Rule type (${RULE_TYPES.join(', ')})`, 'eql')) ?? 'eql', RULE_TYPES);
  const query = typeNeedsQuery(type) ? await ask(options.query, type === 'eql' ? 'EQL query' : type === 'esql' ? 'ES|QL query' : 'KQL query') : undefined;
  const index = typeNeedsIndex(type) ? await askList(options.index ?? [], 'Index patterns') : [];
  const severity = oneOf<Severity>('severity', options.severity, SEVERITIES);
  const techniques = await askList(options.technique ?? [], 'ATT&CK technique ids, e.g. T1003.002');
  const platform = (await ask(options.platform, 'Platform folder under rules/ (windows, linux, macos, cross-platform, …)', 'cross-platform')) ?? 'cross-platform';
  const author = options.author ?? [await gitUserName(process.cwd())].filter((who): who is string => who !== undefined);
  return {
    name,
    ...(options.description !== undefined ? { description: options.description } : {}),
    type,
    ...(options.language !== undefined ? { language: oneOf('language', options.language, ['eql', 'kuery', 'lucene', 'esql'] as const) } : {}),
    ...(query !== undefined ? { query } : {}),
    index,
    severity,
    ...(options.riskScore !== undefined ? { riskScore: wholeNumber('risk-score', options.riskScore) } : {}),
    techniques,
    ...(options.tactic !== undefined ? { tactic: options.tactic } : {}),
    platform,
    author,
    thresholdFields: options.thresholdField ?? [],
    ...(options.thresholdValue !== undefined ? { thresholdValue: wholeNumber('threshold-value', options.thresholdValue, 1) } : {}),
    newTermsFields: options.newTermsField ?? [],
    ...(options.historyWindowStart !== undefined ? { historyWindowStart: options.historyWindowStart } : {}),
    threatIndex: options.threatIndex ?? [],
    ...(options.threatQuery !== undefined ? { threatQuery: options.threatQuery } : {}),
    threatMapping: options.threatMapping ?? [],
    machineLearningJobIds: options.mlJobId ?? [],
    ...(options.anomalyThreshold !== undefined ? { anomalyThreshold: wholeNumber('anomaly-threshold', options.anomalyThreshold) } : {}),
    ...(options.savedId !== undefined ? { savedId: options.savedId } : {}),
  };
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('new rule')
    .description('Write a new rule at rules/<platform>/<tactic>_<name>.toml and its test file, then validate both.')
    .option('--name <name>', 'the rule name')
    .option('--description <text>', 'what the rule detects (default: a TODO)')
    .option('--type <type>', `${RULE_TYPES.join(', ')} (default: "eql")`)
    .option('--language <language>', "the query language (default: the type's own: eql, esql or kuery)")
    .option('--query <query>', 'the query')
    .option('--index <pattern>', 'an index pattern; repeat or comma-separate', collect)
    .option('--severity <severity>', SEVERITIES.join(', '), 'medium')
    .option('--risk-score <n>', 'within the severity band (default: the top of the band: 21, 47, 73, 99)')
    .option('--technique <id>', 'an ATT&CK technique or sub-technique id; repeat or comma-separate', collect)
    .option('--tactic <id>', "the tactic to map the techniques under (default: each technique's first tactic)")
    .option('--platform <folder>', 'the folder under the rules folder: windows, linux, macos, cross-platform, … (default: cross-platform)')
    .option('--author <name>', 'an author; repeatable (default: git config user.name)', collect)
    .option('--threshold-field <field>', 'threshold rules: a group-by field; repeatable', collect)
    .option('--threshold-value <n>', 'threshold rules: the count that alerts')
    .option('--new-terms-field <field>', 'new_terms rules: a field whose new values alert; repeatable', collect)
    .option('--history-window-start <date math>', 'new_terms rules: how far back values count as seen (default: now-7d)')
    .option('--threat-index <pattern>', 'threat_match rules: an indicator index pattern; repeatable', collect)
    .option('--threat-query <kql>', 'threat_match rules: which indicators (default: those of the last 30 days)')
    .option('--threat-mapping <field=indicator_field>', 'threat_match rules: an event field and the indicator field it matches; repeatable', collect)
    .option('--ml-job-id <id>', 'machine_learning rules: a job id; repeatable', collect)
    .option('--anomaly-threshold <n>', 'machine_learning rules: the anomaly score that alerts (default: 75)')
    .option('--saved-id <id>', "saved_query rules: the saved query's id")
    .option('--rules-dir <dir>', 'the rules folder', 'rules')
    .option('--tests <dir>', 'the rule tests folder', DEFAULT_TESTS_DIR);
  return runCommand<NewRuleOptions>(program, argv, async (options) => {
    const prompter = terminalPrompter();
    let answers: NewRuleAnswers;
    try {
      answers = await answersFrom(options, prompter);
    } finally {
      prompter?.close();
    }
    const built = buildNewRule(answers, loadAttackFacts(), new Date());
    if (built.problems.length > 0) throw new UsageError(built.problems.join('\n  '));

    const rulePath = path.join(options.rulesDir, built.relativePath);
    const testPath = testFileFor(rulePath, options.tests, options.rulesDir);
    for (const file of [rulePath, testPath]) {
      if (await exists(file)) throw new UsageError(`${file} already exists; choose another --name, or edit that file`);
    }
    await mkdir(path.dirname(rulePath), { recursive: true });
    await mkdir(path.dirname(testPath), { recursive: true });
    await writeFile(rulePath, formatRuleToml(built.document, { schemaPath: schemaLink(rulePath, 'rule.schema.json') }));
    const readFields = queryReadFields(built.document.rule);
    await writeFile(
      testPath,
      testSkeleton({
        rule: built.document.rule,
        rulePath,
        schemaPath: schemaLink(testPath, 'rule-test.schema.json'),
        ...(readFields ? { readFields } : {}),
      }),
    );
    process.stdout.write(`wrote ${rulePath}\nwrote ${testPath}\n`);

    // Validated with the whole rules folder, so the uniqueness lints see the other rules.
    const report = await validateRules([options.rulesDir], await repositoryChecks());
    const ruleFindings = report.rules.find((rule) => path.resolve(rule.path) === path.resolve(rulePath))?.findings ?? [];
    const testFindings = (await loadTestFile(testPath)).findings;
    const findings = [...ruleFindings, ...testFindings];
    for (const finding of findings) process.stdout.write(`${renderFindingText(finding)}\n`);
    process.stdout.write(
      findings.length === 0 ? 'both files are valid\n' : `${findings.filter(isError).length} error(s), ${findings.filter((f) => !isError(f)).length} warning(s): fix them before the next steps\n`,
    );
    process.stdout.write(`
next:
  1. fill in the description and the investigation guide (note) in ${rulePath}
  2. record a case that must alert, and one that must not, from real events:
       npm run new -- case ${rulePath} --from EVENTS.ndjson
       npm run new -- case ${rulePath} --from EVENTS.ndjson --negative
     (or write them by hand in ${testPath})
  3. npm run validate -- ${rulePath}
  4. npm run test:rules -- ${rulePath}
`);
    return findings.some(isError) ? 1 : 0;
  });
}
