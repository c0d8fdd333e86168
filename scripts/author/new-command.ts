// `npm run new -- rule|case`: start a rule, or record a test case from real events.
import type { CommandMain } from '../cli.js';

const subcommands: Record<string, { summary: string; load: () => Promise<{ main: CommandMain }> }> = {
  rule: { summary: 'write a new rule and its test file, then validate both', load: () => import('./new-rule-command.js') },
  case: { summary: "record a test case from real events: RULE --from EVENTS.ndjson [--alert N] [--negative]", load: () => import('./new-case-command.js') },
};

const usage = (): string =>
  `usage: npm run new -- <rule|case> [options]   (each takes --help)\n\n${Object.entries(subcommands)
    .map(([name, sub]) => `  ${name}  ${sub.summary}`)
    .join('\n')}\n`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  const sub = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (!sub) {
    process.stderr.write(`${name === undefined ? '' : `unknown subcommand "${name}"\n`}${usage()}`);
    return 2;
  }
  return (await sub.load()).main(rest);
}
