// Shared shape of every command: commander parses, usage errors exit 2 with a one-line
// message, and the action returns the exit code (0 success, 1 findings, 2 usage/environment).
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, type OptionValues } from 'commander';
import { errorJson, writeJson } from './json-output.js';

export class UsageError extends Error {}

/**
 * Parses `argv` with `program` (whose action must not be set) and runs `action` with the parsed
 * options and positional arguments. Returns the exit code.
 */
export async function runCommand<O extends OptionValues>(
  program: Command,
  argv: string[],
  action: (options: O, args: string[]) => Promise<number>,
): Promise<number> {
  program.exitOverride().configureOutput({
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      if (error.exitCode === 0) return 0;
      if (wantsJson(argv)) writeJson(errorJson('usage', error.message.replace(/^error: /, '')));
      return 2;
    }
    throw error;
  }
  try {
    return await action(program.opts<O>(), program.args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${program.name()}: ${error.message}\n`);
      if (wantsJson(argv)) writeJson(errorJson('usage', error.message));
      return 2;
    }
    throw error;
  }
}

/** Whether the command line asks for JSON output, read from the words themselves (parsing may have failed). */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some((word, index) => word === '--format=json' || (word === '--format' && argv[index + 1] === 'json'));
}

/** Validates an option's value against its allowed choices, as a usage error. */
export function oneOf<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${value}"`);
}

/** An option's value as a whole number of at least `minimum`, as a usage error otherwise. */
export function wholeNumber(name: string, value: string, minimum = 0): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < minimum) {
    throw new UsageError(`--${name} must be a whole number${minimum > 0 ? ` of at least ${minimum}` : ''}; got "${value}"`);
  }
  return number;
}

/** Writes an output file; a folder that is missing or not writable is the user's to fix (exit 2), not a crash. */
export function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`cannot write ${file} (${reason}): pass --out with a file in an existing, writable folder`);
  }
}
