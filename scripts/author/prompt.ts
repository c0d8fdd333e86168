// Questions on a terminal for what `new rule` was not given as flags. Only when stdin is a TTY:
// scripts and CI give flags, and a missing one is a usage error there, never a hang.
import { createInterface } from 'node:readline/promises';

export interface Prompter {
  ask(question: string, fallback?: string): Promise<string>;
  close(): void;
}

export function terminalPrompter(
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Prompter | undefined {
  if (!input.isTTY) return undefined;
  const readline = createInterface({ input, output });
  return {
    async ask(question, fallback) {
      const answer = (await readline.question(`${question}${fallback ? ` [${fallback}]` : ''}: `)).trim();
      return answer === '' ? (fallback ?? '') : answer;
    },
    close: () => readline.close(),
  };
}

/** "a, b ,c" → ["a", "b", "c"]. */
export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
