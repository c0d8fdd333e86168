// Ctrl-C and `kill` must not leave a run's indices behind: on SIGINT or SIGTERM the cleanup
// runs (bounded in time), then the process exits with the signal's conventional code. A second
// signal during cleanup exits at once.

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface InterruptOptions {
  readonly signals?: SignalSource;
  readonly exit?: (code: number) => void;
  /** How long cleanup may take before the process exits anyway. */
  readonly timeoutMs?: number;
  /** Where to say what is happening. */
  readonly report?: (line: string) => void;
}

const exitCodes: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 130, SIGTERM: 143 };

/** Installs the handlers; the returned function removes them. */
export function cleanUpOnInterrupt(cleanup: () => Promise<void>, options: InterruptOptions = {}): () => void {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const report = options.report ?? ((line: string) => process.stderr.write(`${line}\n`));
  let cleaning = false;
  const handlers = (Object.keys(exitCodes) as (keyof typeof exitCodes)[]).map((signal) => {
    const handler = (): void => {
      if (cleaning) {
        exit(exitCodes[signal]);
        return;
      }
      cleaning = true;
      report(`${signal}: deleting this run's Elasticsearch indices before exiting`);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          report(`cleanup did not finish within ${timeoutMs} ms; some replay indices may remain`);
          resolve();
        }, timeoutMs);
      });
      const done = cleanup().catch((error: unknown) => {
        report(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      void Promise.race([done, deadline]).then(() => {
        clearTimeout(timer);
        exit(exitCodes[signal]);
      });
    };
    signals.on(signal, handler);
    return { signal, handler };
  });
  return () => {
    for (const { signal, handler } of handlers) signals.off(signal, handler);
  };
}
