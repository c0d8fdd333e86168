// detection-rules' naming of rule files: lowercase snake case, `<tactic>_<name>.toml` with the
// primary tactic first. The file-name lints hint at these names, the Kibana import writes files
// under them and the validate benchmark generates them, so all three build them here.

/** `Suspicious Remote Registry Access` → `suspicious_remote_registry_access`. */
export function snakeCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** `Credential Access`, `Remote Registry` → `credential_access_remote_registry`; either part may be absent. */
export function ruleFileStem(tactic: string | undefined, name: string | undefined): string {
  return [tactic, name]
    .filter((part) => part !== undefined)
    .map(snakeCase)
    .join('_');
}
