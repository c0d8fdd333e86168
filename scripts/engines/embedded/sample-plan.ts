// `sample by keys [filter] [filter] ...`: for each combination of join-key values, events that match
// every filter, in any order of time. Per key, the i-th sample takes, for each filter, the first
// unused event in input order (Elasticsearch's per-key searches return index order: samples need no
// timestamp), up to max_samples_per_key samples; samples are returned ordered by their join keys as
// Elasticsearch's composite aggregation orders them (missing values first), and cut to `size`.
import type { SampleQuery } from '../../eql/ast.js';
import type { EventDocument } from '../types.js';
import type { Source } from './compile-expression.js';
import { compileJoinKey, type JoinKey } from './join-key.js';
import type { Hit } from './ordering.js';
import { perIndex, toHitEvent, type IndexContexts, type PlanResult, type QueryPlan } from './plan.js';
import type { ResultWindow } from './result-window.js';
import type { Value } from './values.js';

export interface SampleCandidate {
  readonly hit: Hit;
  readonly filterKeys: (readonly JoinKey[] | undefined)[];
}

interface KeyGroup {
  readonly key: JoinKey;
  readonly perFilter: Hit[][];
}

/** Composite-aggregation order of key values: missing (null) first, numbers by value, text by code unit. */
function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function samplePlan(
  query: SampleQuery,
  contexts: IndexContexts,
  categoryField: string,
  window: ResultWindow,
  maxSamplesPerKey: number,
): QueryPlan<SampleCandidate> {
  const filtersFor = perIndex(contexts, ({ compiler }) =>
    query.steps.map((step) => ({
      selects: compiler.filter(step.filter, categoryField),
      keys: compileJoinKey([...query.by, ...step.by], compiler),
    })),
  );
  const filterCount = query.steps.length;
  const groups = new Map<string, KeyGroup>();
  return {
    filters: query.steps.map((step) => step.filter),
    needsOrder: false,
    prepare(document: EventDocument, position: number): SampleCandidate | null {
      const source: Source = document._source;
      const filters = filtersFor(document._index);
      let filterKeys: (readonly JoinKey[] | undefined)[] | undefined;
      filters.forEach((filter, i) => {
        if (!filter.selects(source)) return;
        const keys = filter.keys(source);
        if (keys.length === 0) return;
        filterKeys ??= new Array<readonly JoinKey[] | undefined>(filterCount);
        filterKeys[i] = keys;
      });
      if (filterKeys === undefined) return null;
      const ordinal = contexts.forIndex(document._index).readOrdinal(document, position) ?? { timestamp: 0, tiebreaker: null, position };
      return { hit: { document, ordinal }, filterKeys };
    },
    ordinal: (candidate) => candidate.hit.ordinal,
    consume({ hit, filterKeys }) {
      filterKeys.forEach((keys, i) => {
        if (keys === undefined) return;
        for (const key of keys) {
          let group = groups.get(key.id);
          if (!group) {
            group = { key, perFilter: Array.from({ length: filterCount }, (): Hit[] => []) };
            groups.set(key.id, group);
          }
          const hits = group.perFilter[i] as Hit[];
          // Keep the first events: enough for every sample even if each event served another filter.
          if (hits.length < maxSamplesPerKey * filterCount) hits.push(hit);
        }
      });
    },
    pendingState: () => groups.size,
    finish(): PlanResult {
      const samples: { key: JoinKey; hits: Hit[] }[] = [];
      for (const group of groups.values()) {
        const lists = group.perFilter.map((hits) => hits.slice().sort((a, b) => a.ordinal.position - b.ordinal.position));
        const used = new Set<Hit>();
        for (let n = 0; n < maxSamplesPerKey; n++) {
          const sample: Hit[] = [];
          for (const list of lists) {
            const hit = list.find((h) => !used.has(h) && !sample.includes(h));
            if (hit === undefined) break;
            sample.push(hit);
          }
          if (sample.length < lists.length) break;
          for (const hit of sample) used.add(hit);
          samples.push({ key: group.key, hits: sample });
        }
      }
      samples.sort((a, b) => {
        for (let i = 0; i < a.key.values.length; i++) {
          const c = compareValues(a.key.values[i] ?? null, b.key.values[i] ?? null);
          if (c !== 0) return c;
        }
        return 0;
      });
      const sequences = window.select(samples).map((sample) => ({
        join_keys: [...sample.key.shown],
        events: sample.hits.map((hit) => toHitEvent(hit.document)),
      }));
      return { sequences, matches: samples.length };
    },
  };
}
