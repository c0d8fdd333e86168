// Stage one and two of the pipeline: read a rule file (TOML or YAML), parse it with positions,
// and check it against schemas/rule.schema.json. Every problem becomes a finding; nothing throws.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Finding } from '../report/finding.js';
import { discoverFiles } from './discovery.js';
import { LineIndex } from '../report/line-index.js';
import type { RuleDocument, RuleFile, RuleSource } from './rule-file.js';
import { schemaCheck } from './schema-validator.js';
import { createTomlSource } from './toml-source.js';
import { createYamlSource } from './yaml-source.js';
import { precompiledValidator } from '../validators/precompiled.js';
import * as ruleValidator from '../validators/rule.generated.js';

export const RULE_EXTENSIONS = ['.toml', '.yaml', '.yml'] as const;
export const MAX_RULE_FILE_BYTES = 10 * 1024 * 1024;
/** Deeper than any rule; deeper input is an attack on the parser, not a rule. */
const MAX_NESTING = 64;
/** Lines plus commas: a parser's work (and the YAML parser's memory) grows with them; no rule comes near. */
export const MAX_RULE_ENTRIES = 50_000;

const checkRuleSchema = schemaCheck(precompiledValidator('rule', ruleValidator));

export interface LoadResult<T> {
  readonly value?: T;
  readonly findings: Finding[];
}

const problem = (file: string, code: string, message: string, hint?: string, line?: number, column?: number): Finding => ({
  code,
  severity: 'error',
  message,
  file,
  ...(line !== undefined ? { line, column: column ?? 1 } : {}),
  ...(hint ? { hint } : {}),
});

/** `size` when known; a file cut off while reading is only known to be larger than the limit. */
const tooLarge = (file: string, size?: number): LoadResult<string> => ({
  findings: [problem(file, 'load.too-large', size === undefined ? `file holds more than ${MAX_RULE_FILE_BYTES} bytes, the limit for rule files` : `file is ${size} bytes; rule files are limited to ${MAX_RULE_FILE_BYTES} bytes`, 'split the file or remove the embedded data')],
});

/** Decodes file bytes as UTF-8 text, or says why they are not a text file. */
export function decodeText(file: string, bytes: Uint8Array): LoadResult<string> {
  if (bytes.length > MAX_RULE_FILE_BYTES) return tooLarge(file, bytes.length);
  if (bytes.includes(0)) {
    return { findings: [problem(file, 'load.binary', 'file is binary (it contains NUL bytes), not a TOML or YAML text file', 'remove it from the rules folder')] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    // Counted in characters of the valid text before it, as every other column is.
    const before = Buffer.from(bytes.subarray(0, bad)).toString('utf8');
    const { line, column } = new LineIndex(before).position(before.length);
    return {
      findings: [problem(file, 'load.encoding', `file is not valid UTF-8 (byte ${bad})`, 're-save the file as UTF-8', line, column)],
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    return { findings: [problem(file, 'load.empty', 'file is empty', 'write a rule in it or delete it')] };
  }
  return { value: text, findings: [] };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix, by bisection: decoding a prefix cut inside a character also fails,
  // so the answer is within three bytes of where decoding first fails.
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    try {
      decoder.decode(bytes.subarray(0, middle));
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  for (let end = low + 1; end <= Math.min(low + 4, bytes.length); end += 1) {
    try {
      decoder.decode(bytes.subarray(0, end));
      return end;
    } catch {
      // keep looking
    }
  }
  return low;
}

/**
 * The deepest bracket nesting (and where it is reached) and the count of lines and list or
 * table separators, read in one pass before any parser runs: a parser's work grows with both.
 */
function textShape(text: string): { depth: number; offset: number; entries: number } {
  let depth = 0;
  let deepest = 0;
  let offset = 0;
  let entries = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        offset = i;
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth = Math.max(0, depth - 1);
    } else if (c === 0x0a || c === 0x2c) {
      entries += 1;
    }
  }
  return { depth: deepest, offset, entries };
}

export interface Parsed {
  readonly data: unknown;
  readonly source: RuleSource;
}

function parseTomlText(file: string, text: string): LoadResult<Parsed> {
  try {
    return { value: { data: parseToml(text), source: createTomlSource(file, text) }, findings: [] };
  } catch (error) {
    if (error instanceof TomlError) {
      const message = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      return { findings: [problem(file, 'load.toml', `TOML syntax error: ${message}`, 'fix the TOML syntax at this position', error.line, error.column)] };
    }
    return { findings: [problem(file, 'load.toml', `TOML could not be read: ${(error as Error).message}`)] };
  }
}

/**
 * Keys that repeat an earlier key of the same mapping. The `yaml` package can check
 * this itself (`uniqueKeys`), but by searching the mapping once per key: a 5 MB file of distinct
 * keys then takes minutes. A set per mapping keeps it linear.
 */
/** Repeated keys of every mapping, found in one pass (the yaml package's own check is quadratic). */
export function duplicateKeys(document: Document): { key: string; offset: number }[] {
  return keyProblems(document).duplicates;
}

/** Repeated keys, and keys that are collections, of every mapping. */
function keyProblems(document: Document): { duplicates: { key: string; offset: number }[]; collectionKeys: { offset: number }[] } {
  const duplicates: { key: string; offset: number }[] = [];
  const collectionKeys: { offset: number }[] = [];
  visit(document, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) {
          // A collection as a key has no JSON form (the yaml package would print a warning and stringify it).
          if (key !== null && typeof key === 'object' && 'range' in key) collectionKeys.push({ offset: (key as { range?: [number] }).range?.[0] ?? 0 });
          continue;
        }
        if (seen.has(key.value)) duplicates.push({ key: String(key.value), offset: key.range?.[0] ?? 0 });
        seen.add(key.value);
      }
    },
  });
  return { duplicates, collectionKeys };
}

function parseYamlText(file: string, text: string): LoadResult<Parsed> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  // The parser runs out of stack on block collections nested thousands deep (no brackets to
  // count), once per level it unwinds: the deepest point is the one finding worth reporting.
  const exhausted = document.errors.find((error) => error.code === 'RESOURCE_EXHAUSTION');
  if (exhausted) {
    const position = at(exhausted.pos[0]);
    return { findings: [problem(file, 'load.nesting', 'input is nested too deeply for a rule file', 'flatten the nested sequences or mappings', position.line, position.col)] };
  }
  const errors = [...document.errors, ...document.warnings].map((error) => {
    const position = at(error.pos[0]);
    const message = error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
    return problem(file, 'load.yaml', `YAML syntax error: ${message}`, 'fix the YAML syntax at this position', position.line, position.col);
  });
  if (errors.length === 0) {
    const keys = keyProblems(document);
    for (const { key, offset } of keys.duplicates) {
      const position = at(offset);
      errors.push(problem(file, 'load.yaml', `YAML syntax error: Map keys must be unique; "${key}" is already a key of this mapping`, 'remove or rename the repeated key', position.line, position.col));
    }
    for (const { offset } of keys.collectionKeys) {
      const position = at(offset);
      errors.push(problem(file, 'load.yaml', 'a mapping key is a sequence or mapping; rule file keys are plain names', 'write the key as a plain string', position.line, position.col));
    }
  }
  if (errors.length > 0) return { findings: errors };
  try {
    const data = document.toJS({ maxAliasCount: 100 }) as unknown;
    return { value: { data, source: createYamlSource(file, text, document) }, findings: [] };
  } catch (error) {
    return { findings: [problem(file, 'load.yaml', `YAML could not be read: ${(error as Error).message}`)] };
  }
}

/**
 * Parses TOML or YAML text, by the file's extension, keeping a way back to positions. Input with
 * more than `maxEntries` lines and commas is refused before parsing.
 */
export function parseStructuredText(file: string, text: string, maxEntries = MAX_RULE_ENTRIES, largerHint = 'split the file or remove the embedded data'): LoadResult<Parsed> {
  const shape = textShape(text);
  if (shape.depth > MAX_NESTING) {
    const { line, column } = new LineIndex(text).position(shape.offset);
    return {
      findings: [problem(file, 'load.nesting', `input is nested ${shape.depth} levels deep; rules never need more than ${MAX_NESTING}`, 'flatten the nested arrays or tables', line, column)],
    };
  }
  if (shape.entries > maxEntries) {
    return { findings: [problem(file, 'load.too-large', `input holds ${shape.entries} lines and commas, more than the ${maxEntries} this file may hold`, largerHint, 1, 1)] };
  }
  return path.extname(file).toLowerCase() === '.toml' ? parseTomlText(file, text) : parseYamlText(file, text);
}

/** Parses rule text by the file's extension and checks it against the rule schema. */
export function parseRuleText(file: string, text: string): { rule?: RuleFile; findings: Finding[] } {
  const parsed = parseStructuredText(file, text);
  if (!parsed.value) return { findings: parsed.findings };
  const { data, source } = parsed.value;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { findings: [problem(file, 'schema.type', 'a rule file must hold a table (mapping) with `metadata` and `rule`', undefined, 1, 1)] };
  }
  const findings = checkRuleSchema(data, source);
  if (findings.length > 0) return { findings };
  return { rule: { file, source, document: data as RuleDocument }, findings: [] };
}

const FILE_KINDS: [(info: Stats) => boolean, string][] = [
  [(info) => info.isDirectory(), 'a folder'],
  [(info) => info.isFIFO(), 'a named pipe (FIFO)'],
  [(info) => info.isSocket(), 'a socket'],
  [(info) => info.isCharacterDevice() || info.isBlockDevice(), 'a device'],
];

const notAFile = (file: string, info: Stats): LoadResult<string> => {
  const kind = FILE_KINDS.find(([test]) => test(info))?.[1] ?? 'not a regular file';
  return { findings: [problem(file, 'load.not-a-file', `${file} is ${kind}, not a regular file; only regular files are read`, 'replace it with a regular file or remove it')] };
};

/**
 * At most `limit` + 1 bytes of a regular file: the limit holds while reading, whatever `stat` said
 * (a file that grows, a /proc file of size 0). Opened non-blocking, so a file swapped for a FIFO
 * after the check cannot block the process. Synchronous: for thousands of small rule files, a
 * few system calls each cost less than the thread-pool round trips of the promise API.
 */
function readBounded(location: string, limit: number): { bytes: Uint8Array } | { info: Stats } {
  const handle = openSync(location, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(handle);
    if (!info.isFile()) return { info };
    const chunks: Buffer[] = [];
    let total = 0;
    // The first read asks for the size stat gave plus one byte, so a file that did not grow is one
    // read into a buffer of its size (thousands of rule files must not each cost a megabyte).
    let want = Math.min(info.size + 1, limit + 1);
    while (total <= limit) {
      const chunk = Buffer.allocUnsafe(want);
      const bytesRead = readSync(handle, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      // A short read of a regular file is its end.
      if (bytesRead < chunk.length) break;
      want = Math.min(1 << 20, limit + 1 - total);
    }
    return { bytes: Buffer.concat(chunks, total) };
  } finally {
    closeSync(handle);
  }
}

/**
 * Reads a text file: only a regular file, size (while reading), binary, encoding and emptiness
 * checked. Findings name `file`; with `root`, `file` is relative to it (a repository other than
 * the working directory).
 */
export async function readTextFile(file: string, root?: string): Promise<LoadResult<string>> {
  const location = root === undefined ? file : path.join(root, file);
  try {
    const info = statSync(location);
    if (!info.isFile()) return notAFile(file, info);
    // Judged by its size first: a file of gigabytes is never read into memory.
    if (info.size > MAX_RULE_FILE_BYTES) return tooLarge(file, info.size);
    const read = readBounded(location, MAX_RULE_FILE_BYTES);
    if ('info' in read) return notAFile(file, read.info);
    if (read.bytes.length > MAX_RULE_FILE_BYTES) return tooLarge(file);
    return decodeText(file, read.bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const broken = code === 'ENOENT' && (await lstat(location).catch(() => undefined))?.isSymbolicLink();
    const reason = broken ? 'it is a symbolic link to a file that does not exist' : (code ?? (error as Error).message);
    return { findings: [problem(file, 'load.read', `cannot read the file: ${reason}`)] };
  }
}

/** Reads, parses and schema-checks one rule file; with `root`, `file` is relative to it. */
export async function loadRuleFile(file: string, root?: string): Promise<{ rule?: RuleFile; findings: Finding[] }> {
  const text = await readTextFile(file, root);
  return text.value === undefined ? { findings: text.findings } : parseRuleText(file, text.value);
}

export const isRuleFileName = (name: string): boolean => RULE_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension));

/**
 * The rule files named by `paths` (files, or folders searched recursively, links followed), sorted.
 * A path that does not exist, or a named file that is not TOML or YAML, is a finding.
 */
export function discoverRuleFiles(paths: readonly string[]): Promise<{ files: string[]; findings: Finding[] }> {
  return discoverFiles(paths, {
    wanted: isRuleFileName,
    // Read as YAML, a README or a script gives syntax errors that hide the real mistake.
    unwanted: (target) => problem(target, 'load.extension', `not a rule file: ${target}; rule files end in ${RULE_EXTENSIONS.join(', ')}`, 'name a TOML or YAML rule file, or a folder'),
  });
}

/** Discovers and loads every rule file under `paths`. */
export async function loadRules(paths: readonly string[] = ['rules']): Promise<{ files: string[]; rules: RuleFile[]; findings: Finding[] }> {
  const discovered = await discoverRuleFiles(paths);
  const loaded = await Promise.all(discovered.files.map((file) => loadRuleFile(file)));
  return {
    files: discovered.files,
    rules: loaded.flatMap((result) => (result.rule ? [result.rule] : [])),
    findings: [...discovered.findings, ...loaded.flatMap((result) => result.findings)],
  };
}
