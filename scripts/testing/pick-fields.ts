// A copy of an event holding only some fields: the ones a rule reads. Fields are found as the
// engine finds them, through nested objects, literal dotted keys or a mix of both, and through
// arrays of objects; the copy keeps the shape the event had.

type Source = Record<string, unknown>;

const isObject = (value: unknown): value is Source => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The part of `value` on the dotted path `parts`, in the same shape; undefined when absent. */
function pickPath(value: unknown, parts: readonly string[]): unknown {
  if (parts.length === 0) return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => pickPath(item, parts)).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (!isObject(value)) return undefined;
  const picked: Source = {};
  // Longest literal key first: `{"event.action": …}` and `{event: {action: …}}` are the same field.
  for (let length = parts.length; length >= 1; length -= 1) {
    const key = parts.slice(0, length).join('.');
    if (!Object.hasOwn(value, key)) continue;
    const inner = pickPath(value[key], parts.slice(length));
    if (inner !== undefined) picked[key] = inner;
  }
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** Deep merge of two picks of one source (their common keys hold objects, or the same value). */
function merge(a: unknown, b: unknown): unknown {
  if (isObject(a) && isObject(b)) {
    const merged: Source = { ...a };
    for (const [key, value] of Object.entries(b)) merged[key] = key in merged ? merge(merged[key], value) : value;
    return merged;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.map((item, n) => merge(item, b[n]));
  return b;
}

/** `source` with only the dotted `fields` kept. */
export function pickFields(source: Source, fields: readonly string[]): Source {
  let picked: Source = {};
  for (const field of fields) {
    const part = pickPath(source, field.split('.'));
    if (part !== undefined) picked = merge(picked, part) as Source;
  }
  return picked;
}
