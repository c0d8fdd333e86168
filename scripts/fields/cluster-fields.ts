// A package's field catalogue as a cluster maps it: Elasticsearch's `_field_caps` answer for the
// package's index patterns (GET /<patterns>/_field_caps?fields=*, rest-api-spec field_caps.json:
// `fields` maps each field name to its types). One data stream per pattern asked.
import type { DataStreamFields, IntegrationCatalogue } from './integration-catalogue.js';

export interface FieldCapsResponse {
  readonly fields: Record<string, Record<string, { type: string }>>;
}

/** The field types of one `_field_caps` answer; metadata fields (`_id`) left out. */
export function fieldTypesFromCaps(response: FieldCapsResponse): Record<string, string> {
  const types: [string, string][] = [];
  for (const [name, byType] of Object.entries(response.fields)) {
    if (name.startsWith('_')) continue;
    // A field mapped differently across indices: the first type Elasticsearch lists, as a search sees most.
    const type = Object.keys(byType).find((candidate) => candidate !== 'unmapped');
    if (type !== undefined) types.push([name, type]);
  }
  return Object.fromEntries(types.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function catalogueFromCluster(pkg: string, cluster: string, streams: { pattern: string; response: FieldCapsResponse }[]): IntegrationCatalogue {
  const dataStreams = streams.map(({ pattern, response }): DataStreamFields => {
    const [type = 'logs', ...rest] = pattern.split('-');
    return { name: pattern, type, dataset: rest.join('-').replace(/[-*]+$/, ''), index_pattern: pattern, fields: fieldTypesFromCaps(response) };
  });
  return { package: pkg, version: 'cluster', source: `cluster ${cluster}`, data_streams: dataStreams };
}
