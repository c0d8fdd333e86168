// `npm run bench -- generate N OUT [--seed S]`: writes N synthetic Windows security events as NDJSON,
// shaped for the seed rule (special logon with SeBackupPrivilege, then a winreg share access by the
// same logon id on the same host), sorted by @timestamp and the same for the same seed. About 1% of
// the draws plant a true attack pair; the rest are near misses (special logons with other or extra
// privileges, share access to other pipes) and process noise, with a reg.exe hive save now and
// then. Prints `{ events, planted_sequences }`, the number of sequences the seed rule must find, so
// `bench engine` and `replay` can be checked.
import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import { Command } from 'commander';
import { runCommand, UsageError, wholeNumber } from '../report/command-line.js';

/** mulberry32: a small, fast, seedable generator; Math.random cannot be seeded. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_MS = 1_700_000_000_000;
const HOSTS = Array.from({ length: 500 }, (_, i) => `host-${String(i).padStart(4, '0')}`);
const NEAR_MISS_PRIVILEGES = [['SeBackupPrivilege', 'SeDebugPrivilege'], ['SeSecurityPrivilege'], ['SeTcbPrivilege', 'SeDebugPrivilege']];
const OTHER_PIPES = ['srvsvc', 'lsarpc', 'samr', 'spoolss'];
const PROCESSES = ['svchost.exe', 'cmd.exe', 'powershell.exe'];

export interface SeedEvents {
  /** One JSON document per event, in @timestamp order. */
  readonly lines: Iterable<string>;
  /** True attack pairs written so far (final once `lines` is exhausted). */
  planted(): number;
}

export function seedEvents(count: number, seed = 7): SeedEvents {
  const random = seededRandom(seed);
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let planted = 0;

  const specialLogon = (time: number, host: string, logonId: string, privileges: readonly string[]) => ({
    '@timestamp': new Date(time).toISOString(),
    event: { category: ['iam'], action: 'logged-in-special', code: '4672' },
    host: { id: host, name: host },
    winlog: { computer_name: host, event_data: { SubjectLogonId: logonId, PrivilegeList: privileges } },
  });
  // The account and source address follow from the logon id, so adding them drew no random numbers
  // and left every earlier file (and its planted count) as it was.
  const shareAccess = (time: number, host: string, logonId: string, pipe: string, share?: string) => ({
    '@timestamp': new Date(time).toISOString(),
    event: { category: ['file'], action: 'Detailed File Share', code: '5145' },
    host: { id: host, name: host },
    user: { name: `user-${Number.parseInt(logonId, 16) % 50}` },
    source: { ip: `10.0.${Number.parseInt(logonId, 16) % 4}.${Number.parseInt(logonId, 16) % 200}` },
    winlog: { computer_name: host, event_data: { SubjectLogonId: logonId, RelativeTargetName: pipe, ...(share ? { ShareName: share } : {}) } },
  });

  function* lines(): Generator<string> {
    let time = BASE_MS;
    let written = 0;
    while (written < count) {
      time += between(1, 40);
      const host = pick(HOSTS);
      const draw = random();
      const logonId = `0x${between(0x10000, 0xfffff).toString(16)}`;
      if (draw < 0.01) {
        const later = time + between(100, 50_000);
        yield JSON.stringify(specialLogon(time, host, logonId, ['SeBackupPrivilege', 'SeRestorePrivilege']));
        written++;
        if (written < count) {
          yield JSON.stringify(shareAccess(later, host, logonId, 'winreg', '\\\\*\\IPC$'));
          written++;
          planted++;
        }
        time = later;
      } else if (draw < 0.25) {
        yield JSON.stringify(specialLogon(time, host, logonId, pick(NEAR_MISS_PRIVILEGES)));
        written++;
      } else if (draw < 0.45) {
        yield JSON.stringify(shareAccess(time, host, logonId, pick(OTHER_PIPES)));
        written++;
      } else {
        const name = pick(PROCESSES);
        const pid = between(100, 9999);
        // Every 997th event a hive save for the KQL example rule, chosen by count, not by a draw.
        const hiveSave = written % 997 === 0;
        yield JSON.stringify({
          '@timestamp': new Date(time).toISOString(),
          event: { category: ['process'], type: ['start'], action: 'start', code: '4688' },
          host: { id: host, name: host },
          process: hiveSave ? { name: 'reg.exe', pid, args: ['reg.exe', 'save', 'HKLM\\SAM', 'C:\\Temp\\s.hiv'] } : { name, pid },
        });
        written++;
      }
    }
  }
  return { lines: lines(), planted: () => planted };
}

interface Options {
  seed: string;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('bench generate')
    .description('Write N synthetic Windows security events for the seed rule as NDJSON.')
    .argument('<count>', 'number of events')
    .argument('<out>', 'NDJSON file to write')
    .option('--seed <n>', 'random seed (same seed, same file)', '7');
  return runCommand<Options>(program, argv, async (options, [countText, out]) => {
    if (countText === undefined || out === undefined) throw new UsageError('usage: npm run bench -- generate N OUT [--seed S]');
    const count = Number(countText);
    if (!Number.isInteger(count) || count < 1) throw new UsageError(`N must be a whole number of at least 1; got "${countText}"`);
    const events = seedEvents(count, wholeNumber('seed', options.seed));
    let fd: number;
    try {
      fd = openSync(out, 'w');
    } catch (error) {
      throw new UsageError(`cannot write ${out}: ${(error as Error).message}`);
    }
    const stream = createWriteStream('', { fd });
    // Lines are joined into chunks of 1,000: one write per line would dominate the run.
    let chunk: string[] = [];
    for (const line of events.lines) {
      chunk.push(line);
      if (chunk.length === 1000) {
        if (!stream.write(`${chunk.join('\n')}\n`)) await once(stream, 'drain');
        chunk = [];
      }
    }
    if (chunk.length > 0) stream.write(`${chunk.join('\n')}\n`);
    await new Promise<void>((resolve, reject) => stream.once('error', reject).end(resolve));
    process.stdout.write(`${JSON.stringify({ events: count, planted_sequences: events.planted() })}\n`);
    return 0;
  });
}
