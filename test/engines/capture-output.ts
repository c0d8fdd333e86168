// Test helper: captures what a command writes to stdout and stderr during each test.
import { afterEach, beforeEach, vi } from 'vitest';

export interface CapturedOutput {
  out: string;
  err: string;
}

export function captureOutput(): CapturedOutput {
  const captured: CapturedOutput = { out: '', err: '' };
  beforeEach(() => {
    captured.out = '';
    captured.err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      captured.out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      captured.err += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return captured;
}
