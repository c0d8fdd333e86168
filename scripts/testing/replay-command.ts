// `npm run replay -- RULE_FILE --events FILE.ndjson [--engine embedded] [--now T] [--format text|json]`
// Runs one rule over a real log export of any size, streamed. Without --now it is a retro-hunt over
// the whole file; with --now it emulates one detection-engine run at that time.
import { stat } from 'node:fs/promises';
import { Command } from 'commander';
import { loadFieldCatalogue, parseQuery, type Query } from '../eql/index.js';
import { compileQuery, EventOrderError, forEachLine, NdjsonError, parseEventLine, type EngineOptions } from '../engines/embedded/index.js';
import { oneOf, runCommand, UsageError } from '../report/command-line.js';
import type { Finding } from '../report/finding.js';
import { FORMAT_VERSION, findingsJson } from '../report/json-output.js';
import { renderFindingText } from '../report/render.js';
import { pickFields } from './pick-fields.js';
import { loadRuleFile } from '../rules/load.js';
import type { RuleFile } from '../rules/rule-file.js';
import { alertsFromResponse, ruleSearchFor } from './detection-run.js';
import { searchedDocuments } from './search-scope.js';
import { queryFieldTypes } from './field-types.js';
import { concreteIndexFor } from './index-patterns.js';
import { resolveTime } from './time.js';

interface Options {
  events?: string;
  engine: string;
  now?: string;
  format: string;
  strict?: boolean;
}

/** Who an alert is about: the host and user fields of each of its events, as ECS names them. */
const ALERT_ENTITY_FIELDS = ['host.name', 'host.hostname', 'host.id', 'host.ip', 'user.name', 'user.id', 'user.domain'];

/** A line that is not even shaped like a JSON object: found without parsing, so also among lines the prefilter skips. */
const notAnObject = (line: string): boolean => line.trimStart()[0] !== '{' || line.trimEnd().at(-1) !== '}';

/** Draws a progress line on a terminal's stderr, at most a few times a second. */
class Progress {
  private last = 0;
  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}

  update(bytes: number, events: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < 200) return;
    this.last = now;
    const fraction = this.total > 0 ? Math.min(1, bytes / this.total) : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
    process.stderr.write(`\r[${bar}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${events.toLocaleString('en-US')} events`);
  }

  done(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}

/**
 * One pass over the file: lines the query cannot select are skipped unparsed; with a run time,
 * only documents in the rule's indices and look-back window reach the engine.
 */
async function replayFile(rule: RuleFile, query: Query, file: string, now: number | undefined, options: EngineOptions, progress: Progress, strict: boolean) {
  const matcher = compileQuery(query, options);
  const defaultIndex = concreteIndexFor(rule.document.rule.index?.[0] ?? 'replay');
  const emulation = now === undefined ? undefined : ruleSearchFor(rule, query, [], options.fieldTypes ?? new Map(), now);
  let events = 0;
  let bytes = 0;
  const badLines: Finding[] = [];
  const bad = (error: NdjsonError): void => {
    if (strict) throw error;
    badLines.push({ code: 'replay.bad-line', severity: 'error', message: `${error.reason}; line skipped`, file, line: error.line ?? 0, column: error.column ?? 1, hint: 'fix or remove the line (--strict stops at the first bad line)' });
  };
  await forEachLine(file, (line, lineNumber) => {
    events++;
    bytes += line.length + 1;
    progress.update(bytes, events);
    if (!matcher.mayMatchLine(line)) {
      if (notAnObject(line)) bad(new NdjsonError('not a JSON object (cut short, or not JSON)', file, lineNumber, 1));
      return;
    }
    let document;
    try {
      document = parseEventLine(line, lineNumber, file, defaultIndex);
    } catch (error) {
      if (!(error instanceof NdjsonError)) throw error;
      bad(error);
      return;
    }
    if (emulation && searchedDocuments({ ...emulation, documents: [document] }).length === 0) return;
    matcher.push(document);
  });
  progress.done();
  return { events, badLines, response: matcher.finish() };
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('replay')
    .description('Run one rule over an NDJSON export of events (a retro-hunt, or one emulated run with --now).')
    .argument('<rule-file>', 'the rule file')
    .option('--events <file>', 'NDJSON events: one _source object, or one {_index, _id, _source} hit, per line')
    .option('--engine <engine>', 'embedded, the only engine that streams exports of any size', 'embedded')
    .option('--now <time>', 'emulate one rule run at this time (ISO-8601 or epoch ms): look-back window, indices, max_signals')
    .option('--format <format>', 'text or json (the summary line)', 'text')
    .option('--strict', 'stop at the first bad line (default: report it, skip it, and exit 1 at the end)');
  return runCommand<Options>(program, argv, async (options, [ruleFile]) => {
    const format = oneOf('format', options.format, ['text', 'json'] as const);
    if (options.engine === 'elasticsearch') {
      // A cluster would need the whole export loaded into indices first; replay's point is streaming any size in-process.
      throw new UsageError('replay runs on the embedded engine only (it streams exports of any size); to check a rule on Elasticsearch, run its test cases with npm run test:rules -- --engine elasticsearch');
    }
    oneOf('engine', options.engine, ['embedded'] as const);
    if (!options.events) throw new UsageError('--events FILE.ndjson is required');
    try {
      await stat(ruleFile as string);
    } catch {
      throw new UsageError(`cannot read the rule file ${ruleFile}: no such file`);
    }
    const started = performance.now();
    const loaded = await loadRuleFile(ruleFile as string);
    if (!loaded.rule) {
      process.stderr.write(loaded.findings.map((f) => `${renderFindingText(f)}\n`).join(''));
      return 1;
    }
    const rule = loaded.rule;
    const body = rule.document.rule;
    if (body.language !== 'eql' || body.query === undefined) throw new UsageError(`${ruleFile} is not an EQL rule; only EQL rules can be replayed`);
    const parsed = parseQuery(body.query);
    if (!parsed.ok) throw new UsageError(`the rule's query does not parse: ${parsed.errors[0]?.message ?? ''} (run npm run validate)`);
    let size: number;
    try {
      size = (await stat(options.events)).size;
    } catch {
      throw new UsageError(`cannot read --events ${options.events}`);
    }
    let now: number | undefined;
    try {
      now = options.now === undefined ? undefined : resolveTime(/^\d+$/.test(options.now) ? Number(options.now) : options.now, undefined);
      // Past what a Date holds (±8.64e15 ms), or beyond exact integers, it is no time at all.
      if (now !== undefined && Number.isNaN(new Date(now).getTime())) throw new Error(`${options.now} is outside the range of dates`);
    } catch (error) {
      throw new UsageError(`--now: ${(error as Error).message}`);
    }

    const catalogue = loadFieldCatalogue();
    const indexPatterns = body.index ?? [];
    const fieldTypes = queryFieldTypes(parsed.query, catalogue, indexPatterns);
    const search = ruleSearchFor(rule, parsed.query, [], fieldTypes, now);
    const engineOptions: EngineOptions = { ...search.options, fieldTypes };
    const progress = new Progress(size, process.stderr.isTTY === true);
    let result;
    try {
      try {
        result = await replayFile(rule, parsed.query, options.events, now, { ...engineOptions, inputOrder: 'sorted' }, progress, options.strict === true);
      } catch (error) {
        if (!(error instanceof EventOrderError)) throw error;
        // Streaming keeps only pending sequences but needs time order; an unsorted export is read again, buffered.
        progress.done();
        process.stderr.write(`note: ${options.events} is not sorted by time; reading it again without streaming (memory grows with the selected events)\n`);
        result = await replayFile(rule, parsed.query, options.events, now, { ...engineOptions, inputOrder: 'any' }, progress, options.strict === true);
      }
    } catch (error) {
      if (error instanceof NdjsonError) {
        // --strict, or a file that cannot be read at all.
        process.stderr.write(`${error.message}\n`);
        return error.line === undefined ? 2 : 1;
      }
      throw error;
    }
    const alerts = alertsFromResponse(rule, result.response, search.timestampField);
    // Sequence alerts follow the event alerts, in the response's order: their join keys line up.
    const sequences = result.response.hits.sequences ?? [];
    const firstSequence = alerts.length - sequences.length;
    const out: string[] = alerts.map((alert, n) =>
      JSON.stringify({
        ...alert.fields,
        ...(n >= firstSequence ? { join_keys: sequences[n - firstSequence]?.join_keys ?? [] } : {}),
        events: alert.events.map((event) =>
          event.missing ? { missing: true } : { _index: event._index, _id: event._id, ...(event._source ? pickFields(event._source, ALERT_ENTITY_FIELDS) : {}) },
        ),
      }),
    );
    const summary = {
      events: result.events,
      bad_lines: result.badLines.length,
      alerts: alerts.length,
      sequences: sequences.length,
      seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
    };
    if (format === 'text') process.stderr.write(result.badLines.map((finding) => `${renderFindingText(finding)}\n`).join(''));
    out.push(
      format === 'json'
        ? JSON.stringify({ format_version: FORMAT_VERSION, summary, findings: findingsJson(result.badLines) })
        : `${summary.events} events${summary.bad_lines > 0 ? ` (${summary.bad_lines} bad line${summary.bad_lines === 1 ? '' : 's'} skipped)` : ''}, ${summary.alerts} alerts, ${summary.sequences} sequences in ${summary.seconds} s (${Math.round(summary.events / summary.seconds).toLocaleString('en-US')} events/s)`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
    return result.badLines.length > 0 ? 1 : 0;
  });
}
