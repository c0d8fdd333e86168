// One run of a query, threshold or new_terms rule on the embedded engine.
import type { DetectionResponse } from '../../engines/types.js';
import type { DslRuleSearch } from '../backend.js';
import { runEvents } from './matched-events.js';
import { newTermsHits } from './new-terms-rule.js';
import { thresholdBuckets } from './threshold-rule.js';

export function detect(request: DslRuleSearch): DetectionResponse {
  const events = runEvents(request);
  switch (request.ruleType) {
    case 'query':
      // Kibana's query executor pages through the events sorted by time and stops at max_signals.
      return { ruleType: 'query', hits: events.inWindow.slice(0, request.maxSignals).map((event) => event.document) };
    case 'threshold':
      return { ruleType: 'threshold', buckets: thresholdBuckets(request, events.inWindow) };
    case 'new_terms':
      return { ruleType: 'new_terms', hits: newTermsHits(request, events) };
  }
}
