// Elasticsearch's `_eql/search` answer in our shape: the events and sequences as returned, with
// each run index renamed back to the document's own `_index`, and only the fields we define.
import type { EqlHitEvent, EqlHitSequence, EqlSearchResponse } from '../types.js';

interface RawEvent {
  _index?: string;
  _id?: string;
  _source?: Record<string, unknown>;
  missing?: boolean;
}

interface RawSequence {
  join_keys?: unknown[];
  events?: RawEvent[];
}

export interface RawEqlResponse {
  is_partial?: boolean;
  is_running?: boolean;
  took?: number;
  timed_out?: boolean;
  hits?: {
    total?: { value: number; relation: string };
    events?: RawEvent[];
    sequences?: RawSequence[];
  };
}

/** An answer with no hits, for a search none of whose patterns match any of the run's indices. */
export function noHits(): EqlSearchResponse {
  return { is_partial: false, is_running: false, took: 0, timed_out: false, hits: { total: { value: 0, relation: 'eq' }, events: [] } };
}

/** `originalIndex` maps each run index name to the document's own `_index`. */
export function toEqlSearchResponse(raw: RawEqlResponse, originalIndex: ReadonlyMap<string, string>): EqlSearchResponse {
  const event = (hit: RawEvent): EqlHitEvent => {
    const index = hit._index ?? '';
    const shaped: EqlHitEvent = { _index: originalIndex.get(index) ?? index, _id: hit._id ?? '' };
    // A missing-event placeholder (`![...]` step) carries no document.
    if (hit.missing === true) shaped.missing = true;
    else if (hit._source !== undefined) shaped._source = hit._source;
    return shaped;
  };
  const sequence = (hit: RawSequence): EqlHitSequence => ({
    ...(hit.join_keys === undefined ? {} : { join_keys: hit.join_keys }),
    events: (hit.events ?? []).map(event),
  });
  const hits = raw.hits ?? {};
  const events = hits.events?.map(event);
  const sequences = hits.sequences?.map(sequence);
  const total = hits.total ?? { value: (events ?? sequences ?? []).length, relation: 'eq' };
  return {
    is_partial: raw.is_partial ?? false,
    is_running: raw.is_running ?? false,
    took: raw.took ?? 0,
    timed_out: raw.timed_out ?? false,
    hits: {
      total: { value: total.value, relation: total.relation === 'gte' ? 'gte' : 'eq' },
      ...(events === undefined ? {} : { events }),
      ...(sequences === undefined ? {} : { sequences }),
    },
  };
}
