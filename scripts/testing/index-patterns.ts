// Which indices a rule searches: Elasticsearch index patterns with `*` wildcards, where a
// pattern starting with `-` excludes what earlier patterns matched.

const globCache = new Map<string, RegExp>();

function glob(pattern: string): RegExp {
  let regex = globCache.get(pattern);
  if (!regex) {
    const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    regex = new RegExp(`^${body}$`);
    globCache.set(pattern, regex);
  }
  return regex;
}

/**
 * The name a pattern is matched against: a data stream's backing index (as exported hits carry,
 * `.ds-logs-system.security-default-2024.05.01-000001`) is searched through its data stream.
 */
export function searchedName(index: string): string {
  return /^\.ds-(.+)-\d{4}\.\d{2}\.\d{2}-\d{6}$/.exec(index)?.[1] ?? index;
}

export function matchesIndexPatterns(patterns: readonly string[], concreteIndex: string): boolean {
  const index = searchedName(concreteIndex);
  let matched = false;
  for (const pattern of patterns.flatMap((p) => p.split(','))) {
    const trimmed = pattern.trim();
    if (trimmed.startsWith('-')) {
      if (matched && glob(trimmed.slice(1)).test(index)) matched = false;
    } else if (glob(trimmed).test(index)) {
      matched = true;
    }
  }
  return matched;
}

/** A concrete index name that `pattern` matches: each `*` becomes `replay` (`logs-system.*` → `logs-system.replay`). */
export function concreteIndexFor(pattern: string): string {
  return pattern.split(',')[0]!.trim().replace(/\*/g, 'replay');
}
