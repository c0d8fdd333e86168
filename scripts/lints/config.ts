// The repository's lint configuration, .lints.yaml at the repository root: each lint's severity,
// per-rule exceptions with their reason, opt-in settings. Problems in it are findings with the
// line and column in the file; a missing file means the defaults.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { Finding } from '../report/finding.js';
import { nearest } from '../report/suggest.js';
import { duplicateKeys } from '../rules/load.js';
import { formatFieldPath, pointerToPath, type FieldPath } from '../rules/rule-file.js';
import type { LintProfile, LintSeverity } from './lint.js';
import { precompiledValidator } from '../validators/precompiled.js';
import * as lintConfigValidator from '../validators/lint-config.generated.js';
import { alwaysErrorCodes, lintCodes } from './registry.js';

export const LINT_CONFIG_FILE = '.lints.yaml';

export interface LintException {
  readonly rule_id: string;
  readonly lint: string;
  readonly reason: string;
}

export interface LintConfig {
  /** Which bar the lints hold rules to; `default` unless .lints.yaml says `profile: strict`. */
  readonly profile: LintProfile;
  /** Lint code → severity; lints not listed keep their default. */
  readonly severities: Readonly<Record<string, LintSeverity>>;
  readonly exceptions: readonly LintException[];
  readonly optIn?: { readonly tagPrefixes?: readonly string[] };
}

export const defaultLintConfig: LintConfig = { profile: 'default', severities: {}, exceptions: [] };
export const strictLintConfig: LintConfig = { ...defaultLintConfig, profile: 'strict' };

interface ConfigFile {
  profile?: LintProfile;
  severities?: Record<string, LintSeverity>;
  exceptions?: LintException[];
  opt_in?: { tag_prefixes?: string[] };
}

/** Reads positions of values and keys in the parsed YAML. */
class ConfigPositions {
  constructor(
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number | undefined): { line?: number; column?: number } {
    if (offset === undefined) return {};
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /** The value at `yamlPath`, or the key `key` of the mapping there. */
  of(yamlPath: FieldPath, key?: string): { line?: number; column?: number } {
    const node = yamlPath.length === 0 ? this.document.contents : this.document.getIn(yamlPath, true);
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (pair && isScalar(pair.key)) return this.at(pair.key.range?.[0]);
    }
    return this.at((node as { range?: [number, number, number] } | null | undefined)?.range?.[0]);
  }
}

const configValidator = precompiledValidator('lintConfig', lintConfigValidator);

function explainSchemaError(error: ErrorObject): { path: FieldPath; key?: string; message: string; hint: string } | undefined {
  const at = pointerToPath(error.instancePath);
  const where = formatFieldPath(at) || 'the configuration';
  const allowed = (error.parentSchema as { properties?: object } | undefined)?.properties;
  switch (error.keyword) {
    case 'propertyNames':
      return undefined; // a malformed lint code is reported, with a suggestion, as an unknown code
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const suggestion = nearest(key, Object.keys(allowed ?? {}));
      return {
        path: at,
        key,
        message: `unknown key "${key}" in ${where}`,
        hint: suggestion ? `did you mean "${suggestion}"?` : `allowed keys: ${Object.keys(allowed ?? {}).join(', ')}`,
      };
    }
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty;
      return { path: at, message: `${where} lacks "${key}"`, hint: key === 'reason' ? 'say why the lint does not apply to this rule' : `add ${key}` };
    }
    case 'type': {
      const expected = (error.params as { type: string }).type;
      const noun = { object: 'a mapping', array: 'a list', string: 'a string' }[expected] ?? expected;
      return { path: at, message: `${where} must be ${noun}`, hint: 'see docs/lints.md for the configuration format' };
    }
    case 'enum':
      return at.length === 1 && at[0] === 'profile'
        ? { path: at, message: 'profile must be default or strict', hint: "default follows elastic/detection-rules' own tests; strict adds this repository's higher bar (docs/lints.md)" }
        : { path: at, message: `${where} must be one of error, warning, off`, hint: 'error fails validate, warning is printed, off skips the lint' };
    case 'minLength':
    case 'pattern':
      return at.at(-1) === 'reason'
        ? { path: at, message: `${where} is empty`, hint: 'say why the lint does not apply to this rule' }
        : { path: at, message: `${where} ${error.message ?? 'is not valid'}`, hint: 'see docs/lints.md for the configuration format' };
    default:
      return { path: at, message: `${where} ${error.message ?? 'is not valid'}`, hint: 'see docs/lints.md for the configuration format' };
  }
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function unknownCode(code: string): { message: string; hint: string } {
  const suggestion = nearest(code, lintCodes);
  return {
    message: `unknown lint "${code}"`,
    hint: suggestion ? `did you mean "${suggestion}"?` : 'the lint codes are listed in docs/lints.md',
  };
}

/** Reads .lints.yaml from the repository root; defaults when there is none. */
export function loadLintConfig(repoRoot: string): { config: LintConfig; findings: Finding[] } {
  const absolute = path.join(repoRoot, LINT_CONFIG_FILE);
  if (!existsSync(absolute)) return { config: defaultLintConfig, findings: [] };
  const file = path.relative(process.cwd(), absolute) || LINT_CONFIG_FILE;
  const finding = (message: string, hint: string, position: { line?: number; column?: number }, fieldPath?: string): Finding => ({
    code: 'lint.config',
    severity: 'error',
    message,
    file,
    ...position,
    ...(fieldPath ? { path: fieldPath } : {}),
    hint,
  });

  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { config: defaultLintConfig, findings: [finding(`cannot read the lint configuration: ${reason}`, `make ${LINT_CONFIG_FILE} a readable file`, {})] };
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const positions = new ConfigPositions(document, lines);
  const syntax = document.errors.map((error) =>
    finding(`YAML syntax error: ${error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '')}`, 'fix the YAML at this position', positions.at(error.pos[0])),
  );
  if (syntax.length === 0) {
    for (const { key, offset } of duplicateKeys(document)) {
      syntax.push(finding(`YAML syntax error: "${key}" is already a key of this mapping`, 'remove or merge the repeated key', positions.at(offset)));
    }
  }
  if (syntax.length > 0) return { config: defaultLintConfig, findings: syntax };
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return { config: defaultLintConfig, findings: [finding(`the YAML cannot be read: ${(error as Error).message}`, 'write plain mappings and lists, without alias chains', {})] };
  }

  const validateConfig = configValidator();
  const findings: Finding[] = [];
  if (!validateConfig(data)) {
    for (const error of validateConfig.errors ?? []) {
      const explained = explainSchemaError(error);
      if (explained) findings.push(finding(explained.message, explained.hint, positions.of(explained.path, explained.key), formatFieldPath(explained.path)));
    }
  }
  // Read only what has the right shape; the schema findings above report the rest.
  const config = (isMapping(data) ? data : {}) as ConfigFile;
  const severities: Record<string, LintSeverity> = {};
  for (const [code, severity] of Object.entries(isMapping(config.severities) ? config.severities : {})) {
    if (alwaysErrorCodes.has(code) && severity !== 'error') {
      findings.push(finding(`${code} cannot be lowered to ${severity}: a repository with this problem cannot be published`, `remove ${code} from severities`, positions.of(['severities'], code), `severities.${code}`));
    } else if (lintCodes.has(code)) severities[code] = severity;
    else {
      const { message, hint } = unknownCode(code);
      findings.push(finding(message, hint, positions.of(['severities'], code), `severities.${code}`));
    }
  }
  (Array.isArray(config.exceptions) ? config.exceptions : []).forEach((exception, index) => {
    if (!isMapping(exception) || typeof exception.lint !== 'string') return;
    if (alwaysErrorCodes.has(exception.lint)) {
      findings.push(finding(`${exception.lint} admits no exceptions: a repository with this problem cannot be published`, 'fix the rule instead', positions.of(['exceptions', index, 'lint']), `exceptions[${index}].lint`));
      return;
    }
    if (lintCodes.has(exception.lint)) return;
    const { message, hint } = unknownCode(exception.lint);
    findings.push(finding(message, hint, positions.of(['exceptions', index, 'lint']), `exceptions[${index}].lint`));
  });
  if (findings.length > 0) return { config: defaultLintConfig, findings };
  return {
    config: {
      profile: config.profile ?? 'default',
      severities,
      exceptions: config.exceptions ?? [],
      ...(config.opt_in?.tag_prefixes ? { optIn: { tagPrefixes: config.opt_in.tag_prefixes } } : {}),
    },
    findings,
  };
}
