// Which integration packages an index pattern names. Fleet writes a package's data streams to
// `<type>-<dataset>-<namespace>` with the dataset `<package>.<stream>` (elastic/package-spec), so
// `logs-okta.system-*` and `logs-okta*` name okta; `logs-*` or `winlogbeat-*` name none.
const DATA_STREAM = /^(?:logs|metrics|traces|synthetics|profiling)-([a-z0-9_]+)(?=[.*-]|$)/;

export function packagesNamedBy(indexPatterns: readonly string[]): string[] {
  const names = new Set<string>();
  for (const pattern of indexPatterns) {
    if (pattern.startsWith('-')) continue;
    const match = DATA_STREAM.exec(pattern.slice(pattern.indexOf(':') + 1));
    if (match) names.add(match[1]!);
  }
  return [...names];
}
