// How a rule in Kibana says "this repository owns me": a tag, because tags survive edits in
// Kibana's UI (the `meta` field is overwritten when a user saves the rule), are visible to
// analysts, and can be filtered on server-side by `_find`. Prune deletes only rules carrying it.

/** The default owner name: this project's package name. Override with `--owner`. */
export const DEFAULT_OWNER = 'detection-rules-as-code';

/** The tag that marks a rule as managed by `owner`. */
export function managedTag(owner: string): string {
  return `Managed: ${owner}`;
}

export function isManagedBy(tags: unknown, owner: string): boolean {
  return Array.isArray(tags) && tags.includes(managedTag(owner));
}
