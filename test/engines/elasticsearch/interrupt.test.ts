// Signal handling on its own: exit codes, a cleanup that hangs, a second signal.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { cleanUpOnInterrupt } from '../../../scripts/engines/elasticsearch/interrupt.js';

describe('cleanUpOnInterrupt', () => {
  it('runs the cleanup, then exits 143 on SIGTERM', async () => {
    const signals = new EventEmitter();
    const exit = vi.fn();
    const order: string[] = [];
    cleanUpOnInterrupt(async () => void order.push('cleanup'), { signals, exit: (code) => { order.push(`exit ${code}`); exit(code); }, report: () => undefined });
    signals.emit('SIGTERM');
    await vi.waitFor(() => expect(exit).toHaveBeenCalled());
    expect(order).toEqual(['cleanup', 'exit 143']);
  });

  it('exits anyway when the cleanup hangs past its deadline, and says so', async () => {
    const signals = new EventEmitter();
    const exit = vi.fn();
    const lines: string[] = [];
    cleanUpOnInterrupt(() => new Promise<void>(() => undefined), { signals, exit, timeoutMs: 50, report: (line) => lines.push(line) });
    signals.emit('SIGINT');
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(130));
    expect(lines.at(-1)).toMatch(/did not finish within 50 ms; some replay indices may remain/);
  });

  it('exits at once on a second signal during cleanup', () => {
    const signals = new EventEmitter();
    const exit = vi.fn();
    cleanUpOnInterrupt(() => new Promise<void>(() => undefined), { signals, exit, timeoutMs: 60_000, report: () => undefined });
    signals.emit('SIGINT');
    expect(exit).not.toHaveBeenCalled();
    signals.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
  });
});
