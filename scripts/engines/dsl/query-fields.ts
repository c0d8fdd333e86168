// The fields a query DSL object names, so a replay index maps them even when no document carries
// them, and the field types of a run include them (a multi-field such as `user.name.text` is only
// ever named by queries).
const FIELD_CLAUSES = new Set(['term', 'terms', 'match', 'match_phrase', 'range', 'wildcard', 'prefix']);
const ignoredKeys = new Set(['boost', '_name']);

export function dslFields(query: unknown): string[] {
  const fields = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (FIELD_CLAUSES.has(key) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
        for (const name of Object.keys(value)) if (!ignoredKeys.has(name) && !name.startsWith('_')) fields.add(name);
      } else if (key === 'exists' && typeof (value as { field?: unknown })?.field === 'string') {
        fields.add((value as { field: string }).field);
      } else if ((key === 'query_string' || key === 'multi_match') && Array.isArray((value as { fields?: unknown })?.fields)) {
        for (const name of (value as { fields: unknown[] }).fields) if (typeof name === 'string' && !name.includes('*')) fields.add(name);
      } else {
        visit(value);
      }
    }
  };
  visit(query);
  return [...fields].sort();
}
