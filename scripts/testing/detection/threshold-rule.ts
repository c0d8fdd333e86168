// A threshold rule's run, as Kibana's executor decides it (x-pack/solutions/security/plugins/
// security_solution/server/lib/detection_engine/rule_types/threshold/find_threshold_signals.ts and
// build_threshold_aggregation.ts): the run's events bucketed by the threshold fields (a composite
// aggregation: one bucket per value combination, in key order; a document lacking a field is in no
// bucket), buckets with at least `value` events and, with a cardinality, at least that many distinct
// values of its field; without fields, one bucket of every event. At most `max_signals` buckets.
import { THRESHOLD_BUCKET_DOCUMENTS, type ThresholdBucket } from '../../engines/types.js';
import type { DslRuleSearch } from '../backend.js';
import type { TimedEvent } from './matched-events.js';
import { combinations, compareKeyLists, termValuesReader, type TermKey } from './term-values.js';

export function thresholdBuckets(request: DslRuleSearch, events: readonly TimedEvent[]): ThresholdBucket[] {
  const threshold = request.threshold;
  if (!threshold) throw new Error('a threshold run needs the rule\'s threshold');
  const readers = threshold.fields.map((field) => termValuesReader(field, request.fieldTypes));
  const cardinalityOf = threshold.cardinality ? termValuesReader(threshold.cardinality.field, request.fieldTypes) : undefined;
  const groups = new Map<string, { key: TermKey[]; events: TimedEvent[] }>();
  for (const event of events) {
    for (const key of combinations(readers.map((read) => read(event.document._source)))) {
      const id = JSON.stringify(key);
      const group = groups.get(id) ?? { key, events: [] };
      group.events.push(event);
      groups.set(id, group);
    }
  }
  const buckets: ThresholdBucket[] = [];
  for (const { key, events: members } of [...groups.values()].sort((a, b) => compareKeyLists(a.key, b.key))) {
    if (members.length < threshold.value) continue;
    let cardinality;
    if (threshold.cardinality && cardinalityOf) {
      const distinct = new Set(members.flatMap((event) => cardinalityOf(event.document._source)));
      if (distinct.size < threshold.cardinality.value) continue;
      cardinality = { field: threshold.cardinality.field, value: distinct.size };
    }
    const times = members.map((event) => event.time).filter(Number.isFinite);
    buckets.push({
      terms: key.map((value, n) => ({ field: threshold.fields[n] as string, value })),
      count: members.length,
      ...(cardinality ? { cardinality } : {}),
      minTimestamp: times.length > 0 ? Math.min(...times) : null,
      maxTimestamp: times.length > 0 ? Math.max(...times) : null,
      documents: members.slice(0, THRESHOLD_BUCKET_DOCUMENTS).map((event) => event.document),
    });
  }
  return buckets.slice(0, request.maxSignals);
}
