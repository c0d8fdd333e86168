// A copy of a syntax tree with every `span` removed: how trees are compared "positions aside".
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'span') copy[key] = withoutSpans(child);
  }
  return copy;
}
