// The one command-line entry. Each command lives in its domain's folder and is loaded only
// when it is run, so `validate` does not pay for the Kibana client or the engine.
import { pathToFileURL } from 'node:url';

export type CommandMain = (argv: string[]) => Promise<number>;

export const commands: Record<string, { summary: string; load: () => Promise<{ main: CommandMain }> }> = {
  start: { summary: 'validate every rule, then replay every rule\'s tests', load: () => import('./start-command.js') },
  validate: { summary: 'validate rule files: load, schema, EQL, lints', load: () => import('./rules/validate-command.js') },
  eql: { summary: 'parse, check or format an EQL query', load: () => import('./eql/command.js') },
  kql: { summary: 'parse, check, format a KQL query or print its query DSL', load: () => import('./kql/command.js') },
  esql: { summary: 'parse, check or format an ES|QL query', load: () => import('./esql/command.js') },
  conformance: {
    summary: "run Elasticsearch's spec suites on the embedded engines: EQL (--suite MANIFEST) or ES|QL (esql)",
    load: async () => ({
      main: async (argv: string[]) =>
        argv[0] === 'esql' ? (await import('./engines/esql/conformance-command.js')).main(argv) : (await import('./engines/conformance-command.js')).main(argv),
    }),
  },
  'test-rules': { summary: 'replay every rule\'s test cases and compare alerts', load: () => import('./testing/test-rules-command.js') },
  replay: { summary: 'run one rule over an NDJSON event export', load: () => import('./testing/replay-command.js') },
  deploy: { summary: 'plan or apply the rules to Kibana', load: () => import('./kibana/deploy-command.js') },
  export: { summary: 'write the rules as Kibana import NDJSON', load: () => import('./kibana/export-command.js') },
  import: { summary: 'turn Kibana rules into rule files', load: () => import('./kibana/import-command.js') },
  review: { summary: 'semantic diff of rule changes against a git base', load: () => import('./review/command.js') },
  attack: { summary: 'MITRE ATT&CK coverage and Navigator layer', load: () => import('./attack/command.js') },
  fields: { summary: 'sync integration field catalogues from the package registry, a folder or a cluster', load: () => import('./fields/command.js') },
  new: { summary: 'start a rule (new rule) or record a test case from events (new case)', load: () => import('./author/new-command.js') },
  view: { summary: "print a rule's Kibana payload, required fields, ATT&CK mapping and schedule", load: () => import('./author/view-command.js') },
  version: { summary: 'bump the version of every rule changed since the git base', load: () => import('./author/version-command.js') },
  bench: { summary: 'benchmarks: eql, engine, validate', load: () => import('./bench/command.js') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: npm run <command> -- [options]   (test-rules is npm run test:rules; npm start takes no options)\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const { main } = await command.load();
  return main(rest);
}

/** Runs the command line as this process: its exit code, and no stack trace on our own errors. */
export function runAsProcess(): void {
  // Output piped into `head` and the like: a closed pipe ends the command quietly, not with a trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // An uncaught error is our bug, not the user's: say so in one line, without a stack trace.
      process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

// Run directly (tsx scripts/cli.ts, in development and tests); bin/cli.mjs runs the build.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runAsProcess();
