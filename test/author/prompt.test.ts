// new rule on a terminal: what the flags leave out is asked for, with defaults in brackets; off a
// terminal nothing is asked.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answersFrom } from '../../scripts/author/new-rule-command.js';
import { terminalPrompter } from '../../scripts/author/prompt.js';

function terminal(lines: string[]) {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  // One answer per question, each given once the question is shown.
  const queue = [...lines];
  output.on('data', () => {
    const next = queue.shift();
    if (next !== undefined) setImmediate(() => input.write(`${next}\n`));
  });
  return { prompter: terminalPrompter(input, output), shown: () => shown };
}

const flags = { severity: 'medium', rulesDir: 'rules', tests: 'test/rules', author: ['A'] };

describe('new rule prompts', () => {
  it('asks for name, type, query, index, techniques and platform when no flag gives them', async () => {
    const { prompter, shown } = terminal(['Odd Logon', '', 'authentication where event.outcome == "failure"', 'logs-system.*, winlogbeat-*', 'T1110', 'windows']);
    const answers = await answersFrom(flags, prompter);
    prompter?.close();
    expect(answers).toMatchObject({
      name: 'Odd Logon',
      type: 'eql',
      query: 'authentication where event.outcome == "failure"',
      index: ['logs-system.*', 'winlogbeat-*'],
      techniques: ['T1110'],
      platform: 'windows',
    });
    expect(shown()).toContain('Rule type (eql, query, esql, threshold, new_terms, threat_match, machine_learning, saved_query) [eql]: ');
    expect(shown()).toContain('EQL query: ');
  });

  it('does not ask off a terminal', () => {
    expect(terminalPrompter(new PassThrough(), new PassThrough())).toBeUndefined();
  });
});
