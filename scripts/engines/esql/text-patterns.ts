// DISSECT and GROK: the columns a pattern extracts from a string (Elasticsearch's dissect library,
// libs/dissect, and grok, libs/grok with its default pattern bank). Grok knows the core patterns
// detection rules use; a pattern outside them makes the query not replayable.

export interface Extraction {
  readonly names: readonly string[];
  /** The extracted values in `names` order, or null when the input does not match. */
  readonly extract: (input: string) => (string | null)[] | null;
}

interface DissectKey {
  readonly name: string;
  readonly skip: boolean;
  readonly append: boolean;
  readonly rightPadding: boolean;
  /** `%{+name/2}`: the place of this part among the appended ones. */
  readonly order: number;
}

export class PatternError extends Error {}

/** Parses a dissect pattern into leading text, then keys each followed by its delimiter. */
export function dissectPattern(pattern: string, appendSeparator = ''): Extraction {
  const parts = pattern.split(/(%\{[^}]*\})/);
  const prefix = parts[0] ?? '';
  const keys: { key: DissectKey; delimiter: string }[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    let body = (parts[i] as string).slice(2, -1);
    const rightPadding = body.endsWith('->');
    if (rightPadding) body = body.slice(0, -2);
    const modifier = body[0];
    const skip = body === '' || modifier === '?';
    const append = modifier === '+';
    if (modifier === '&' || modifier === '*') throw new PatternError('dissect reference keys (%{*k} %{&k}) are not supported by the embedded engine');
    const order = append ? Number(/\/(\d+)$/.exec(body)?.[1] ?? Number.NaN) : Number.NaN;
    const name = append || modifier === '?' ? body.slice(1).replace(/\/\d+$/, '') : body;
    keys.push({ key: { name, skip, append, rightPadding, order }, delimiter: parts[i + 1] ?? '' });
  }
  const names = [...new Set(keys.filter(({ key }) => !key.skip).map(({ key }) => key.name))];
  return {
    names,
    extract: (input) => {
      if (!input.startsWith(prefix)) return null;
      let position = prefix.length;
      const values = new Map<string, { order: number; value: string }[]>();
      for (const [index, { key, delimiter }] of keys.entries()) {
        let value: string;
        if (delimiter === '' && index === keys.length - 1) {
          value = input.slice(position);
          position = input.length;
        } else {
          const at = delimiter === '' ? position : input.indexOf(delimiter, position);
          if (at < 0) return null;
          value = input.slice(position, at);
          position = at + delimiter.length;
          if (key.rightPadding) while (delimiter !== '' && input.startsWith(delimiter, position)) position += delimiter.length;
        }
        if (key.skip) continue;
        const previous = values.get(key.name);
        const part = { order: Number.isNaN(key.order) ? (previous?.length ?? 0) : key.order, value };
        values.set(key.name, key.append && previous !== undefined ? [...previous, part] : [part]);
      }
      return names.map((name) => {
        const found = values.get(name);
        return found === undefined ? null : [...found].sort((a, b) => a.order - b.order).map((part) => part.value).join(appendSeparator);
      });
    },
  };
}

/** Grok's core patterns (libs/grok/src/main/resources/patterns/ecs-v1/grok-patterns), as JavaScript regular expressions. */
const grokBank: Readonly<Record<string, string>> = {
  USERNAME: '[a-zA-Z0-9._-]+',
  USER: '%{USERNAME}',
  EMAILLOCALPART: "[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~]{1,64}(?:\\.[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~]{1,62}){0,63}",
  EMAILADDRESS: '%{EMAILLOCALPART}@%{HOSTNAME}',
  INT: '(?:[+-]?(?:[0-9]+))',
  BASE10NUM: '(?<![0-9.+-])(?>[+-]?(?:(?:[0-9]+(?:\\.[0-9]+)?)|(?:\\.[0-9]+)))',
  NUMBER: '(?:%{BASE10NUM})',
  BASE16NUM: '(?<![0-9A-Fa-f])(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+))',
  POSINT: '\\b(?:[1-9][0-9]*)\\b',
  NONNEGINT: '\\b(?:[0-9]+)\\b',
  WORD: '\\b\\w+\\b',
  NOTSPACE: '\\S+',
  SPACE: '\\s*',
  DATA: '.*?',
  GREEDYDATA: '.*',
  QUOTEDSTRING: '(?:"(?:\\\\.|[^\\\\"]+)+"|""|\'(?:\\\\.|[^\\\\\']+)+\'|\'\'|`(?:\\\\.|[^\\\\`]+)+`|``)',
  UUID: '[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}',
  MAC: '(?:(?:[A-Fa-f0-9]{2}[:-]){5}[A-Fa-f0-9]{2}|(?:[A-Fa-f0-9]{4}\\.){2}[A-Fa-f0-9]{4})',
  IPV4: '(?<![0-9])(?:(?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]))(?![0-9])',
  IPV6: '(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%.+)?',
  IP: '(?:%{IPV6}|%{IPV4})',
  HOSTNAME: '\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\\.?|\\b)',
  IPORHOST: '(?:%{IP}|%{HOSTNAME})',
  HOSTPORT: '%{IPORHOST}:%{POSINT}',
  URIHOST: '%{IPORHOST}(?::%{POSINT})?',
  URI: '%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATH}(?:%{URIPARAM})?)?',
  URIPROTO: '[A-Za-z](?:[A-Za-z0-9+\\-.]+)+',
  URIPATH: "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\\-]*)+",
  URIPARAM: "\\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\-\\[\\]<>]*",
  URIPATHPARAM: '%{URIPATH}(?:%{URIPARAM})?',
  LOGLEVEL: '(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?|INFO?(?:RMATION)?|[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)',
  YEAR: '(?>\\d\\d){1,2}',
  MONTHNUM: '(?:0?[1-9]|1[0-2])',
  MONTHDAY: '(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])',
  HOUR: '(?:2[0123]|[01]?[0-9])',
  MINUTE: '(?:[0-5][0-9])',
  SECOND: '(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)',
  ISO8601_TIMEZONE: '(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))',
  TIMESTAMP_ISO8601: '%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?',
};

/** Types a grok capture may name: `%{NUMBER:n:int}`. */
export type GrokType = 'keyword' | 'integer' | 'long' | 'double' | 'boolean';

function expandGrok(pattern: string, captures: { name: string; type: GrokType }[], depth: number): string {
  if (depth > 20) throw new PatternError('grok patterns nest too deep');
  return pattern.replace(/%\{([A-Z0-9_]+)(?::([^:}]+))?(?::([a-z]+))?\}/g, (_whole, syntax: string, name: string | undefined, type: string | undefined) => {
    const definition = grokBank[syntax];
    if (definition === undefined) throw new PatternError(`the grok pattern %{${syntax}} is not in the embedded engine's pattern bank`);
    // JavaScript has no atomic groups: (?>…) becomes a plain group.
    const body = expandGrok(definition.replace(/\(\?>/g, '(?:'), [], depth + 1);
    if (name === undefined) return `(?:${body})`;
    const mapped: GrokType = type === 'int' ? 'integer' : type === 'long' ? 'long' : type === 'float' || type === 'double' ? 'double' : type === 'boolean' ? 'boolean' : 'keyword';
    captures.push({ name, type: mapped });
    return `(?<g${captures.length - 1}>${body})`;
  });
}

export function grokPattern(patterns: readonly string[]): { names: readonly string[]; types: readonly GrokType[]; extract: (input: string) => (string | string[] | null)[] | null } {
  const compiled = patterns.map((pattern) => {
    const captures: { name: string; type: GrokType }[] = [];
    // Named groups in the raw pattern, (?<name>…), are captures too.
    const withOwnGroups = pattern.replace(/\(\?<([A-Za-z0-9_.@]+)>/g, (_whole, name: string) => {
      captures.push({ name, type: 'keyword' });
      return `(?<g${captures.length - 1}>`;
    });
    const expanded = expandGrok(withOwnGroups, captures, 0);
    // Joni takes flags at the pattern's start, `(?im)`; JavaScript takes them beside the pattern.
    const leadingFlags = /^\(\?([imsx]+)\)/.exec(expanded);
    const source = leadingFlags ? expanded.slice(leadingFlags[0].length) : expanded;
    const flags = `u${[...new Set(leadingFlags?.[1] ?? '')].filter((flag) => flag !== 'x').join('')}`;
    if (leadingFlags?.[1]?.includes('x')) throw new PatternError('the grok pattern uses the extended (?x) flag, which the embedded engine does not read');
    let regex: RegExp;
    try {
      regex = new RegExp(source, flags);
    } catch (error) {
      throw new PatternError(`the grok pattern cannot be compiled here: ${(error as Error).message}`);
    }
    return { regex, captures };
  });
  const names: string[] = [];
  const types: GrokType[] = [];
  for (const { captures } of compiled) {
    for (const capture of captures) {
      if (!names.includes(capture.name)) {
        names.push(capture.name);
        types.push(capture.type);
      }
    }
  }
  return {
    names,
    types,
    extract: (input) => {
      for (const { regex, captures } of compiled) {
        const match = regex.exec(input);
        if (!match) continue;
        // A name captured more than once collects every value, as a multi-value.
        const values = new Map<string, string[]>();
        captures.forEach((capture, index) => {
          const value = match.groups?.[`g${index}`];
          if (value !== undefined) values.set(capture.name, [...(values.get(capture.name) ?? []), value]);
        });
        return names.map((name) => {
          const found = values.get(name);
          return found === undefined ? null : found.length === 1 ? (found[0] as string) : found;
        });
      }
      return null;
    },
  };
}
