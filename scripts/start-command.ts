// `npm start`, the main job: validate every rule, then replay every rule's tests.
import { main as testRules } from './testing/test-rules-command.js';
import { main as validate } from './rules/validate-command.js';

export async function main(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write('usage: npm start (takes no arguments; see npm run validate and npm run test:rules)\n');
    return 2;
  }
  process.stdout.write('== validate: every rule file\n');
  const validated = await validate([]);
  process.stdout.write('\n== test:rules: every rule\'s replay tests, on the embedded engine\n');
  const tested = await testRules(['--coverage']);
  return Math.max(validated, tested);
}
