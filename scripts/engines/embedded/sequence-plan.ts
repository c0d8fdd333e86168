// Sequences, as Elasticsearch's sequence state machine matches them (x-pack/plugin/eql
// SequenceMatcher): events are read in order; for each join key there is at most one pending
// sequence per stage, and a newer one replaces an older one in the same stage (Elasticsearch keeps
// the older ones but only ever continues the latest). An event matching stage n continues the
// sequence pending at stage n-1, stages being tried from last to first so one event never fills two
// stages of one sequence. `maxspan` is inclusive: a sequence may last exactly maxspan. An `until`
// event drops every pending sequence of its key, including one its own event just continued.
// `runs=N` repeats a step N times. Missing-event steps (`![...]`) are checked when the positive
// steps complete, as Elasticsearch's TumblingWindow checks them (see complete()); a sequence with a
// trailing missing step waits until the stream passes its deadline, or ends.
//
// Memory: pending state older than maxspan is dropped as the stream advances, so memory follows
// the pending state, not the input. Without maxspan, pending state lives until the end of the input
// (one sequence per key and stage), as does the log of missing-step events.
import type { SequenceQuery, SequenceStep } from '../../eql/ast.js';
import type { EqlHitEvent, EventDocument } from '../types.js';
import { EqlCompileError, type ExpressionCompiler, type Source } from './compile-expression.js';
import { compileJoinKey, type JoinKey } from './join-key.js';
import { compareOrdinals, type Hit, type Ordinal } from './ordering.js';
import { missingHitEvent, perIndex, toHitEvent, type IndexContexts, type PlanResult, type QueryPlan } from './plan.js';
import { BoundedSorted, type ResultWindow } from './result-window.js';

interface CompiledStep {
  readonly selects: (source: Source) => boolean;
  readonly keys: (source: Source) => readonly JoinKey[];
}

/** One event, with the keys it joins each step by (undefined where it does not match the step). */
export interface SequenceCandidate {
  readonly hit: Hit;
  readonly stepKeys: (readonly JoinKey[] | undefined)[];
  readonly untilKeys: readonly JoinKey[] | undefined;
}

interface Stage {
  readonly step: number;
  readonly missing: boolean;
}

class Sequence {
  readonly hits: (Hit | undefined)[];
  constructor(
    readonly key: JoinKey,
    stages: number,
  ) {
    this.hits = new Array<Hit | undefined>(stages);
  }
}

/** A sequence waiting to see whether a trailing missing step stays missing until `deadline`. */
interface AwaitingTrailing {
  readonly sequence: Sequence;
  /** Its last positive event's timestamp: only later events count. */
  readonly after: number;
  readonly deadline: number;
}

interface Completed {
  readonly sequence: Sequence;
  readonly last: Ordinal;
}

export function sequencePlan(
  query: SequenceQuery,
  contexts: IndexContexts,
  categoryField: string,
  window: ResultWindow,
): QueryPlan<SequenceCandidate> {
  const compileStep = (step: SequenceStep, compiler: ExpressionCompiler): CompiledStep => ({
    selects: compiler.filter(step.filter, categoryField),
    keys: compileJoinKey([...query.by, ...step.by], compiler),
  });
  const stepsFor = perIndex(contexts, ({ compiler }) => ({
    steps: query.steps.map((step) => compileStep(step, compiler)),
    until: query.until ? compileStep(query.until, compiler) : undefined,
  }));
  const stages: Stage[] = query.steps.flatMap((step, index) =>
    Array.from({ length: step.runs ?? 1 }, () => ({ step: index, missing: step.missing })),
  );
  const positive = stages.flatMap((stage, index) => (stage.missing ? [] : [index]));
  if (positive.length === 0) throw new EqlCompileError('a sequence needs at least one step that is not a missing event (![...])', query.span);
  const firstPositive = positive[0] ?? 0;
  const lastPositive = positive[positive.length - 1] ?? 0;
  const previousPositive = stages.map((_, index) => {
    for (let i = index - 1; i >= 0; i--) if (!stages[i]?.missing) return i;
    return -1;
  });
  const missingStages = stages.flatMap((stage, index) => (stage.missing ? [index] : []));
  const maxspan = query.maxspan?.millis;
  const hasKeys = query.by.length > 0 || query.steps.some((step) => step.by.length > 0);

  // pending[stage]: join key id → the sequence waiting at that stage.
  const pending = stages.map(() => new Map<string, Sequence>());
  // missingLog[stage]: join key id → ordinals of events matching that missing step, in order.
  const missingLog = stages.map(() => new Map<string, Ordinal[]>());
  const awaitingTrailing: AwaitingTrailing[] = [];
  const completed = new BoundedSorted<Completed>(window.keep, window.count, (a, b) => compareOrdinals(a.last, b.last));
  let matches = 0;
  let sinceSweep = 0;
  // What survived the last sweep: the next sweep waits until as many events have come, so sweeping
  // costs O(1) per event on average.
  let keptBySweep = 0;

  const within = (from: Ordinal, to: Ordinal) => maxspan === undefined || to.timestamp - from.timestamp <= maxspan;

  function startOf(sequence: Sequence): Ordinal {
    return (sequence.hits[firstPositive] as Hit).ordinal;
  }

  const leadingMissing = stages[0]?.missing === true;
  const trailingMissing = stages[stages.length - 1]?.missing === true;
  const exceedsMaxspan = (from: number, to: number) => maxspan !== undefined && to - from > maxspan;

  function logged(stage: number, key: JoinKey): readonly Ordinal[] {
    return missingLog[stage]?.get(key.id) ?? [];
  }

  /** No event of a middle missing step between its neighbours (by timestamp, both ends excluded). */
  function middleStepsHeld(sequence: Sequence): boolean {
    for (const stage of missingStages) {
      if (stage < firstPositive || stage > lastPositive) continue;
      const before = (sequence.hits[previousPositive[stage] as number] as Hit).ordinal.timestamp;
      let next = stage + 1;
      while (stages[next]?.missing) next++;
      const after = (sequence.hits[next] as Hit).ordinal.timestamp;
      if (logged(stage, sequence.key).some((o) => o.timestamp > before && o.timestamp < after)) return false;
    }
    return true;
  }

  /** The latest event of a leading missing step before the sequence starts, if any. */
  function latestLeading(sequence: Sequence): number | null {
    const start = startOf(sequence).timestamp;
    let latest: number | null = null;
    for (let stage = 0; stage < firstPositive; stage++) {
      for (const o of logged(stage, sequence.key)) if (o.timestamp < start && (latest === null || o.timestamp > latest)) latest = o.timestamp;
    }
    return latest;
  }

  function accept(sequence: Sequence): void {
    matches++;
    completed.add({ sequence, last: (sequence.hits[lastPositive] as Hit).ordinal });
  }

  /**
   * A sequence whose positive steps matched. As Elasticsearch decides (TumblingWindow's missing-event
   * check): a middle missing event rejects it; a leading one rejects it within maxspan before its
   * last event; a trailing one within maxspan after its first event; with both, only a leading and a
   * trailing event within maxspan of each other reject it.
   */
  function complete(sequence: Sequence): void {
    if (!middleStepsHeld(sequence)) return;
    const last = (sequence.hits[lastPositive] as Hit).ordinal.timestamp;
    const leading = leadingMissing ? latestLeading(sequence) : null;
    if (!trailingMissing) {
      if (leading === null || exceedsMaxspan(leading, last)) accept(sequence);
      return;
    }
    if (leadingMissing && leading === null) {
      accept(sequence);
      return;
    }
    const from = leading ?? startOf(sequence).timestamp;
    awaitingTrailing.push({ sequence, after: last, deadline: maxspan === undefined ? Infinity : from + maxspan });
  }

  /** Trailing missing steps: a later event of one, before the deadline, rejects the waiting sequence. */
  function checkTrailing(candidate: SequenceCandidate): void {
    const { timestamp } = candidate.hit.ordinal;
    for (let i = awaitingTrailing.length - 1; i >= 0; i--) {
      const waiting = awaitingTrailing[i] as AwaitingTrailing;
      if (timestamp > waiting.deadline) {
        awaitingTrailing.splice(i, 1);
        accept(waiting.sequence);
        continue;
      }
      if (timestamp <= waiting.after) continue;
      for (let stage = lastPositive + 1; stage < stages.length; stage++) {
        const keys = candidate.stepKeys[(stages[stage] as Stage).step];
        if (keys !== undefined && keys.some((key) => key.id === waiting.sequence.key.id)) {
          awaitingTrailing.splice(i, 1);
          break;
        }
      }
    }
  }

  function sweep(now: number): void {
    if (maxspan === undefined) return;
    keptBySweep = 0;
    for (const byKey of pending) {
      for (const [id, sequence] of byKey) {
        if (now - startOf(sequence).timestamp > maxspan) byKey.delete(id);
        else keptBySweep++;
      }
    }
    for (const byKey of missingLog) {
      for (const [id, log] of byKey) {
        const keep = log.filter((o) => now - o.timestamp <= maxspan);
        if (keep.length === 0) byKey.delete(id);
        else if (keep.length < log.length) byKey.set(id, keep);
        keptBySweep += keep.length;
      }
    }
  }

  return {
    filters: [...query.steps.map((step) => step.filter), ...(query.until ? [query.until.filter] : [])],
    needsOrder: true,
    prepare(document: EventDocument, position: number): SequenceCandidate | null {
      const source = document._source;
      const { steps, until } = stepsFor(document._index);
      let stepKeys: (readonly JoinKey[] | undefined)[] | undefined;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i] as CompiledStep;
        if (!step.selects(source)) continue;
        const keys = step.keys(source);
        if (keys.length === 0) continue;
        stepKeys ??= new Array<readonly JoinKey[] | undefined>(steps.length);
        stepKeys[i] = keys;
      }
      const untilKeys = until && until.selects(source) ? until.keys(source) : undefined;
      const hasUntil = untilKeys !== undefined && untilKeys.length > 0;
      if (stepKeys === undefined && !hasUntil) return null;
      const ordinal = contexts.forIndex(document._index).readOrdinal(document, position);
      if (ordinal === null) return null;
      return { hit: { document, ordinal }, stepKeys: stepKeys ?? [], untilKeys: hasUntil ? untilKeys : undefined };
    },
    ordinal: (candidate) => candidate.hit.ordinal,
    consume(candidate) {
      const { hit, stepKeys } = candidate;
      if (awaitingTrailing.length > 0) checkTrailing(candidate);
      for (let p = positive.length - 1; p >= 0; p--) {
        const stage = positive[p] as number;
        const keys = stepKeys[(stages[stage] as Stage).step];
        if (keys === undefined) continue;
        // Each key of a multi-valued key field runs its own sequences.
        for (const key of keys) {
          let sequence: Sequence | undefined;
          if (stage === firstPositive) {
            sequence = new Sequence(key, stages.length);
          } else {
            const from = pending[previousPositive[stage] as number] as Map<string, Sequence>;
            sequence = from.get(key.id);
            if (sequence === undefined) continue;
            from.delete(key.id);
            if (!within(startOf(sequence), hit.ordinal)) continue;
          }
          sequence.hits[stage] = hit;
          if (stage === lastPositive) complete(sequence);
          else (pending[stage] as Map<string, Sequence>).set(key.id, sequence);
        }
      }
      if (candidate.untilKeys !== undefined) {
        for (const key of candidate.untilKeys) for (const byKey of pending) byKey.delete(key.id);
      }
      for (const stage of missingStages) {
        const keys = stepKeys[(stages[stage] as Stage).step];
        if (keys === undefined) continue;
        const log = missingLog[stage] as Map<string, Ordinal[]>;
        for (const key of keys) {
          const ordinals = log.get(key.id);
          if (ordinals) ordinals.push(hit.ordinal);
          else log.set(key.id, [hit.ordinal]);
        }
      }
      // Drop expired state once the work since the last sweep pays for a sweep.
      if (++sinceSweep > Math.max(1024, keptBySweep)) {
        sinceSweep = 0;
        sweep(hit.ordinal.timestamp);
      }
    },
    pendingState() {
      let held = awaitingTrailing.length;
      for (const byKey of pending) held += byKey.size;
      for (const byKey of missingLog) for (const log of byKey.values()) held += log.length;
      return held;
    },
    finish(): PlanResult {
      for (const waiting of awaitingTrailing.splice(0)) accept(waiting.sequence);
      const sequences = window.select(completed.sorted).map(({ sequence }) => {
        const events: EqlHitEvent[] = Array.from(sequence.hits, (hit) => (hit === undefined ? missingHitEvent() : toHitEvent(hit.document)));
        return hasKeys ? { join_keys: [...sequence.key.shown], events } : { events };
      });
      return { sequences, matches };
    },
  };
}
