// The fields documents carry, by dotted name: what both the Elasticsearch mapping and the replay
// harness's field types are built from, so both see the same set of fields.

/**
 * Dotted leaf path → the values found there (empty for `null`). Nested objects, literal dotted keys
 * and arrays (of values, of objects, or of both) all name the same fields; an empty array names no
 * field, and a field that is null in one document and an object in another is an object.
 */
export function leafValues(sources: Iterable<Record<string, unknown>>): Map<string, unknown[]> {
  const leaves = new Map<string, unknown[]>();
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const element of value) visit(element, path);
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    let values = leaves.get(path);
    if (!values) leaves.set(path, (values = []));
    if (value !== null && value !== undefined) values.push(value);
  };
  for (const source of sources) visit(source, '');
  leaves.delete('');
  for (const [path, values] of leaves) {
    if (values.length === 0 && [...leaves.keys()].some((other) => other.startsWith(`${path}.`))) leaves.delete(path);
  }
  return leaves;
}
