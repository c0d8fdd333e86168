// Compiles a parsed query once into a matcher that events are pushed through one by one.
import type { Query } from '../../eql/ast.js';
import type { EqlSearchOptions, EqlSearchResponse, EventDocument, FieldTypes } from '../types.js';
import { ExpressionCompiler } from './compile-expression.js';
import { eventPlan } from './event-plan.js';
import { compileLinePrefilter, type LineTest } from './line-prefilter.js';
import { compareOrdinals, ordinalReader, type Ordinal } from './ordering.js';
import type { IndexContext, IndexContexts, QueryPlan } from './plan.js';
import { resultWindow } from './result-window.js';
import { samplePlan } from './sample-plan.js';
import { sequencePlan } from './sequence-plan.js';

export interface EngineOptions extends EqlSearchOptions {
  fieldTypes?: FieldTypes;
  /**
   * A search over several indices with different mappings: each index name's own field types (an
   * index not listed uses `fieldTypes`). Each event is read with its index's mapping, as each shard
   * runs the query with its own.
   */
  fieldTypesByIndex?: ReadonlyMap<string, FieldTypes>;
  /**
   * `any` (default): events may come in any order; a sequence query keeps the events its steps
   * select and sorts them at the end (memory grows with those events). `sorted`: events come in
   * timestamp (then tiebreaker) order, sequences are matched as they stream and only pending state
   * is kept; an event out of order is an EventOrderError.
   */
  inputOrder?: 'any' | 'sorted';
}

export class EventOrderError extends Error {}

export interface MatcherStats {
  /** Events pushed. */
  events: number;
  /** Events some filter of the query selected. */
  selected: number;
  /** Events, sequences or samples matched, before pipes and size cut them. */
  matches: number;
}

export interface QueryMatcher {
  push(document: EventDocument): void;
  /** False when the raw NDJSON line cannot hold an event the query selects (it need not be parsed). */
  mayMatchLine: LineTest;
  finish(): EqlSearchResponse;
  readonly stats: MatcherStats;
  /** Partial matches held in memory now (pending sequences, samples being built). */
  pendingState(): number;
}

function describe(ordinal: Ordinal): string {
  const time = new Date(ordinal.timestamp);
  return `${Number.isNaN(time.getTime()) ? ordinal.timestamp : time.toISOString()}${ordinal.tiebreaker === null ? '' : `, tiebreaker ${String(ordinal.tiebreaker)}`}`;
}

function matcherFor<C>(plan: QueryPlan<C>, options: EngineOptions, started: number): QueryMatcher {
  const buffered: C[] | undefined = plan.needsOrder && options.inputOrder !== 'sorted' ? [] : undefined;
  const timestampField = options.timestamp_field ?? '@timestamp';
  let last: Ordinal | undefined;
  const stats: MatcherStats = { events: 0, selected: 0, matches: 0 };
  return {
    stats,
    pendingState: () => plan.pendingState(),
    // Per-index mappings may read a line differently per index: no line is skipped then.
    mayMatchLine: options.fieldTypesByIndex?.size ? () => true : compileLinePrefilter(plan.filters, options.fieldTypes, options.event_category_field),
    push(document) {
      const candidate = plan.prepare(document, stats.events++);
      if (candidate === null) return;
      stats.selected++;
      if (buffered) {
        buffered.push(candidate);
        return;
      }
      if (plan.needsOrder) {
        const ordinal = plan.ordinal(candidate);
        if (last !== undefined && compareOrdinals(ordinal, last) < 0) {
          throw new EventOrderError(
            `event "${document._id}" (${describe(ordinal)}) comes after a later event (${describe(last)}); ` +
              `sequences over a stream need events sorted by ${timestampField}: sort the input, or run with inputOrder "any"`,
          );
        }
        last = ordinal;
      }
      plan.consume(candidate);
    },
    finish() {
      if (buffered) {
        buffered.sort((a, b) => compareOrdinals(plan.ordinal(a), plan.ordinal(b)));
        for (const candidate of buffered) plan.consume(candidate);
        buffered.length = 0;
      }
      const result = plan.finish();
      stats.matches = result.matches;
      const returned = result.events?.length ?? result.sequences?.length ?? 0;
      const hits: EqlSearchResponse['hits'] = { total: { value: returned, relation: 'eq' } };
      if (result.events) hits.events = result.events;
      if (result.sequences) hits.sequences = result.sequences;
      return { is_partial: false, is_running: false, took: Date.now() - started, timed_out: false, hits };
    },
  };
}

/** Compiles `query`; throws EqlCompileError (with the span at fault) for a query it cannot run. */
export function compileQuery(query: Query, options: EngineOptions = {}): QueryMatcher {
  const started = Date.now();
  const categoryField = options.event_category_field ?? 'event.category';
  const contextOf = (fieldTypes: FieldTypes | undefined): IndexContext => ({
    compiler: new ExpressionCompiler({ fieldTypes }),
    readOrdinal: ordinalReader(options.timestamp_field ?? '@timestamp', options.tiebreaker_field, fieldTypes),
  });
  const shared = contextOf(options.fieldTypes);
  const byIndex = new Map([...(options.fieldTypesByIndex ?? [])].map(([index, types]) => [index, contextOf(types)]));
  const contexts: IndexContexts = {
    all: [shared, ...byIndex.values()],
    forIndex: byIndex.size === 0 ? () => shared : (index) => byIndex.get(index) ?? shared,
  };
  const window = resultWindow(query.pipes, options.size ?? 10, options.result_position ?? 'head');
  switch (query.kind) {
    case 'event':
      return matcherFor(eventPlan(query, contexts, categoryField, window), options, started);
    case 'sequence':
      return matcherFor(sequencePlan(query, contexts, categoryField, window), options, started);
    case 'sample':
      return matcherFor(
        samplePlan(query, contexts, categoryField, window, options.max_samples_per_key ?? 1),
        options,
        started,
      );
  }
}
