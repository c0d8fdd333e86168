// `npm start`, the main job: validate every rule, then replay every rule's tests.
import { Command } from 'commander';
import { runCommand } from './report/command-line.js';
import { main as testRules } from './testing/test-rules-command.js';
import { main as validate } from './rules/validate-command.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('start').description(
    "The main job: validate every rule file, then replay every rule's tests with clause coverage, on the embedded engine. Takes no options (see npm run validate and npm run test:rules).",
  );
  return runCommand(program, argv, async () => {
    process.stdout.write('== validate: every rule file\n');
    const validated = await validate([]);
    process.stdout.write('\n== test:rules: every rule\'s replay tests, on the embedded engine\n');
    const tested = await testRules(['--coverage']);
    return Math.max(validated, tested);
  });
}
