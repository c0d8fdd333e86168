// `npm run test:rules -- [PATH...] [--engine embedded|elasticsearch] [--tests DIR] [--coverage]
//   [--require-tests] [--changed [--base REF]] [--format text|json|junit|github]`
import { Command } from 'commander';
import { oneOf, runCommand, UsageError } from '../report/command-line.js';
import { loadRules } from '../rules/load.js';
import { openBackend, type EngineName } from './engine-choice.js';
import { runRuleTests } from './run-tests.js';
import { selectChangedRules } from './changed-rules.js';
import { renderRunGithub, renderRunJunit, renderRunText, runExitCode, runJson } from './test-report.js';
import { DEFAULT_TESTS_DIR } from './test-file.js';

interface Options {
  engine: string;
  tests: string;
  coverage?: boolean;
  requireTests?: boolean;
  format: string;
  changed?: boolean;
  base?: string;
  esContainer?: boolean;
  documentsOutsideRepository?: boolean;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('test:rules')
    .description("Replay every rule's test cases through an engine and compare the alerts.")
    .argument('[paths...]', 'rule files or folders (default: "rules")')
    .option('--engine <engine>', 'embedded or elasticsearch', 'embedded')
    .option('--es-container', 'with --engine elasticsearch: start a throwaway Elasticsearch in Docker')
    .option('--tests <dir>', 'where the test files are', DEFAULT_TESTS_DIR)
    .option('--coverage', 'report which query conditions the tests exercised')
    .option('--require-tests', 'fail for a rule without tests')
    .option('--changed', 'only rules changed since the base, and rules whose tests changed')
    .option('--base <ref>', 'with --changed: the git base (default: merge base with origin/main, else main)')
    .option('--documents-outside-repository', 'let a documents_file name a file outside the working directory')
    .option('--format <format>', 'text, json, junit or github', 'text');
  return runCommand<Options>(program, argv, async (options, args) => {
    const format = oneOf('format', options.format, ['text', 'json', 'junit', 'github'] as const);
    const engine = oneOf<EngineName>('engine', options.engine, ['embedded', 'elasticsearch']);
    const started = performance.now();
    const paths = args.length > 0 ? args : ['rules'];
    const loaded = await loadRules(paths);
    if (loaded.files.length === 0 && loaded.findings.length > 0) {
      // Nothing to test at all (a path that does not exist): a usage error, as in validate.
      throw new UsageError(loaded.findings.map((finding) => finding.message).join('; '));
    }
    const rules = options.changed ? await selectChangedRules(loaded.rules, { testsDir: options.tests, ...(options.base ? { base: options.base } : {}) }) : loaded.rules;
    const backend = await openBackend(engine, { esContainer: options.esContainer === true });
    let run;
    try {
      run = await runRuleTests(rules, { backend, testsDir: options.tests, coverage: options.coverage === true, reportOrphans: !options.changed && args.length === 0, documentsRoot: options.documentsOutsideRepository ? null : process.cwd() });
    } finally {
      await backend.close();
    }
    // A rule that does not load cannot be tested: its problems fail the run.
    run = { ...run, findings: [...loaded.findings, ...run.findings] };
    const requireTests = options.requireTests === true;
    const seconds = (performance.now() - started) / 1000;
    if (format === 'json') process.stdout.write(`${JSON.stringify(runJson(run, requireTests), null, 2)}\n`);
    else if (format === 'junit') process.stdout.write(renderRunJunit(run, requireTests));
    else if (format === 'github') process.stdout.write(renderRunGithub(run, requireTests));
    else process.stdout.write(renderRunText(run, { coverage: options.coverage === true, requireTests, seconds }));
    return runExitCode(run, requireTests);
  });
}
