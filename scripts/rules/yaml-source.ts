// Positions of keys, items and strings in a YAML file, from the `yaml` package's node ranges.
import { isMap, isScalar, isSeq, Scalar, type Document, type Node, type YAMLMap } from 'yaml';
import type { FieldPath, RuleSource, SourcePosition } from './rule-file.js';
import { LineIndex } from './line-index.js';

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

/** Offset in the file of character `offset` of a scalar's value. */
function scalarOffset(text: string, scalar: Scalar, offset: number): number {
  const start = scalar.range?.[0] ?? 0;
  if (scalar.type === Scalar.BLOCK_LITERAL || scalar.type === Scalar.BLOCK_FOLDED) {
    // Content starts on the line after the `|` header, indented; map line by line.
    const value = String(scalar.value);
    const before = value.slice(0, offset);
    const lineInValue = before.split('\n').length - 1;
    const columnInLine = offset - (before.lastIndexOf('\n') + 1);
    let lineStart = text.indexOf('\n', start) + 1;
    const indent = /^[ ]*/.exec(text.slice(lineStart))?.[0].length ?? 0;
    for (let n = 0; n < lineInValue; n += 1) lineStart = text.indexOf('\n', lineStart) + 1;
    return lineStart + indent + columnInLine;
  }
  const quoted = scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE;
  return start + (quoted ? 1 : 0) + offset;
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
