// Positions of keys, items and strings in a YAML file, from the `yaml` package's node ranges.
import { isMap, isScalar, isSeq, Scalar, type Document, type Node, type YAMLMap } from 'yaml';
import type { FieldPath, RuleSource, SourcePosition } from './rule-file.js';
import { LineIndex } from '../report/line-index.js';

interface Located {
  readonly at: number;
  readonly node: Node | null;
}

type MapNode = YAMLMap<unknown, unknown>;
type MapPair = MapNode['items'][number];

/**
 * Each mapping's pairs by key, built on first use: a file with one finding per key (thousands of
 * unknown keys) would otherwise search the mapping once per finding, quadratically.
 */
function pairsByKey(cache: WeakMap<MapNode, Map<string, MapPair>>, node: MapNode): Map<string, MapPair> {
  let pairs = cache.get(node);
  if (!pairs) {
    pairs = new Map();
    for (const item of node.items) {
      // The first pair wins, as in a linear search; duplicate keys are a load error anyway.
      if (isScalar(item.key) && !pairs.has(String(item.key.value))) pairs.set(String(item.key.value), item);
    }
    cache.set(node, pairs);
  }
  return pairs;
}

function walk(document: Document, path: FieldPath, cache: WeakMap<MapNode, Map<string, MapPair>>): Located | undefined {
  let node = document.contents as Node | null;
  let at = node?.range?.[0] ?? 0;
  for (const part of path) {
    if (isMap(node)) {
      const pair = pairsByKey(cache, node).get(String(part));
      if (!pair) return { at, node: null };
      at = (pair.key as Node).range?.[0] ?? at;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part] !== undefined) {
      node = node.items[part] as Node;
      at = node.range?.[0] ?? at;
    } else {
      return { at, node: null };
    }
  }
  return { at, node };
}

/**
 * A block scalar (`|` or `>`): each content line appears verbatim in the value, in order, with only
 * line breaks and spaces between them (a folded block turns single breaks into spaces), so each
 * line is found in the value from where the previous one ended.
 */
function blockScalarOffset(text: string, scalar: Scalar, offset: number): number {
  const value = String(scalar.value);
  const [start = 0, end = text.length] = scalar.range ?? [];
  const bodyStart = text.indexOf('\n', start) + 1;
  const body = text.slice(bodyStart, end);
  const indent = /^(?:[ ]*\r?\n)*([ ]*)/.exec(body)?.[1]?.length ?? 0;
  let cursor = 0;
  let lineStart = bodyStart;
  for (const line of body.split('\n')) {
    const content = line.slice(indent).replace(/\r$/, '');
    const found = content.trim() === '' ? -1 : value.indexOf(content, cursor);
    if (found !== -1) {
      if (offset < found + content.length) return lineStart + indent + Math.max(0, offset - found);
      cursor = found + content.length;
    }
    lineStart += line.length + 1;
  }
  return lineStart;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';

/**
 * A plain, single- or double-quoted scalar: walks the source as YAML decodes it. Escapes (`\"`,
 * `\u…`, `''`) are several source characters for one decoded; a line break with the blanks around
 * it folds to one space, or to n−1 line breaks across n; an escaped line break vanishes.
 */
function flowScalarOffset(text: string, scalar: Scalar, offset: number): number {
  const double = scalar.type === Scalar.QUOTE_DOUBLE;
  const single = scalar.type === Scalar.QUOTE_SINGLE;
  let i = (scalar.range?.[0] ?? 0) + (double || single ? 1 : 0);
  let decoded = 0;
  while (decoded < offset && i < text.length) {
    const c = text[i];
    if (double && c === '\\') {
      const next = text[i + 1];
      if (isBreak(next)) {
        i += text.startsWith('\r\n', i + 1) ? 3 : 2;
        while (isBlank(text[i])) i += 1;
        continue;
      }
      const length = next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2;
      decoded += next === 'U' && parseInt(text.slice(i + 2, i + 10), 16) > 0xffff ? 2 : 1;
      i += length;
      continue;
    }
    if (single && c === "'" && text[i + 1] === "'") {
      i += 2;
      decoded += 1;
      continue;
    }
    let j = i;
    while (isBlank(text[j])) j += 1;
    if (!isBreak(text[j])) {
      i += 1;
      decoded += 1;
      continue;
    }
    let breaks = 0;
    while (isBlank(text[j]) || isBreak(text[j])) {
      if (text[j] === '\n') breaks += 1;
      j += 1;
    }
    decoded += breaks === 1 ? 1 : breaks - 1;
    i = j;
  }
  return i;
}

/** Offset in the file of character `offset` of a scalar's value. */
function scalarOffset(text: string, scalar: Scalar, offset: number): number {
  return scalar.type === Scalar.BLOCK_LITERAL || scalar.type === Scalar.BLOCK_FOLDED
    ? blockScalarOffset(text, scalar, offset)
    : flowScalarOffset(text, scalar, offset);
}

export function createYamlSource(file: string, text: string, document: Document): RuleSource {
  const lines = new LineIndex(text);
  const pairs = new WeakMap<MapNode, Map<string, MapPair>>();
  return {
    file,
    format: 'yaml',
    text,
    locate: (path) => {
      const found = walk(document, path, pairs);
      return found ? lines.position(found.at) : undefined;
    },
    locateInString: (path, offset): SourcePosition | undefined => {
      const found = walk(document, path, pairs);
      if (!found) return undefined;
      if (!isScalar(found.node)) return lines.position(found.at);
      return lines.position(scalarOffset(text, found.node, offset));
    },
  };
}
