// A new_terms rule's run, as Kibana's aggregation-based executor decides it (x-pack/solutions/
// security/plugins/security_solution/server/lib/detection_engine/rule_types/new_terms/
// execute_new_terms_aggregation_approach.ts, build_new_terms_aggregation.ts): a value combination of
// the new_terms fields (each value of an array, every combination across fields) is new when its
// first sighting between history_window_start and the run's end is strictly after the rule's `from`
// (`params.first_seen_value > params.start_time`); its alert is the earliest event of the rule's
// window holding it. One field orders alerts as a terms aggregation does (most events in the window
// first, then by value); several fields as a composite aggregation (by values). At most max_signals.
import type { NewTermsHit } from '../../engines/types.js';
import type { DslRuleSearch } from '../backend.js';
import type { RunEvents } from './matched-events.js';
import { combinations, compareKeyLists, termValuesReader, type TermKey } from './term-values.js';

export function newTermsHits(request: DslRuleSearch, events: RunEvents): NewTermsHit[] {
  const newTerms = request.newTerms;
  if (!newTerms || !request.window) throw new Error('a new_terms run needs the rule\'s new terms fields and a run time');
  const readers = newTerms.fields.map((field) => termValuesReader(field, request.fieldTypes));
  const combos = (source: Record<string, unknown>) => combinations(readers.map((read) => read(source)));
  const firstSeen = new Map<string, number>();
  for (const event of events.between(newTerms.historyWindowStart)) {
    for (const key of combos(event.document._source)) {
      const id = JSON.stringify(key);
      if (!firstSeen.has(id)) firstSeen.set(id, event.time);
    }
  }
  const found = new Map<string, { key: TermKey[]; hit: NewTermsHit; count: number }>();
  for (const event of events.inWindow) {
    for (const key of combos(event.document._source)) {
      const id = JSON.stringify(key);
      const seen = firstSeen.get(id);
      if (seen === undefined || !(seen > request.window.from)) continue;
      const entry = found.get(id);
      if (entry) entry.count += 1;
      else found.set(id, { key, hit: { event: event.document, terms: key }, count: 1 });
    }
  }
  const ordered = [...found.values()].sort(
    newTerms.fields.length === 1 ? (a, b) => b.count - a.count || compareKeyLists(a.key, b.key) : (a, b) => compareKeyLists(a.key, b.key),
  );
  return ordered.slice(0, request.maxSignals).map((entry) => entry.hit);
}
