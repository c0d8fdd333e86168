// `npm run view -- RULE [--format text|json] [--owner NAME]`: the rule as Kibana will get it, the
// payload `deploy` sends (built by scripts/kibana, version from the file or the lock), and the
// facts a reviewer asks first: required fields, ATT&CK mapping, schedule.
import path from 'node:path';
import { Command } from 'commander';
import { threatItems } from '../attack/threat-mapping.js';
import { loadDesiredRules } from '../kibana/desired-rules.js';
import { DEFAULT_OWNER } from '../kibana/managed-mark.js';
import { VERSION_LOCK_FILE, readVersionLock } from '../kibana/version-lock.js';
import { oneOf, runCommand, UsageError } from '../report/command-line.js';
import { FORMAT_VERSION, findingsJson, writeJson } from '../report/json-output.js';
import { renderFindingText } from '../report/render.js';
import { DEFAULT_MAX_SIGNALS } from '../rules/kibana-defaults.js';
import { loadRuleFile } from '../rules/load.js';
import { formatDuration, readSchedule } from '../rules/schedule.js';
import { exists } from '../testing/test-file.js';

interface Options {
  format: string;
  owner: string;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('view')
    .description("Print a rule's final Kibana payload (what deploy sends, version from the file or the lock), its required fields, ATT&CK mapping and schedule.")
    .argument('<rule-file>', 'the rule file')
    .option('--format <format>', 'text or json', 'text')
    .option('--owner <name>', 'owner named in the managed tag "Managed: <owner>"', DEFAULT_OWNER);
  return runCommand<Options>(program, argv, async (options, [ruleFile]) => {
    const format = oneOf('format', options.format, ['text', 'json'] as const);
    if (!(await exists(ruleFile as string))) throw new UsageError(`cannot read the rule file ${ruleFile}: no such file`);
    const repoRoot = process.cwd();
    const { desired, findings } = await loadDesiredRules([ruleFile as string], { owner: options.owner, repoRoot });
    const payload = desired[0]?.payload;
    const rule = (await loadRuleFile(ruleFile as string)).rule;
    if (!payload || !rule) {
      if (format === 'json') writeJson({ format_version: FORMAT_VERSION, findings: findingsJson(findings) });
      else process.stderr.write(findings.map((finding) => `${renderFindingText(finding)}\n`).join(''));
      return 1;
    }
    const body = rule.document.rule;
    const versionSource = body.version !== undefined ? 'the rule file' : readVersionLock(repoRoot).lock.has(body.rule_id) ? VERSION_LOCK_FILE : 'the default';
    const schedule = readSchedule(body);
    const facts = {
      rule_id: payload.rule_id,
      name: payload.name,
      type: payload.type,
      version: payload.version,
      version_source: versionSource,
      schedule: {
        interval: schedule?.interval ?? null,
        from: schedule?.from ?? null,
        look_back: schedule ? formatDuration(schedule.lookBackMillis) : null,
        max_signals: body.max_signals ?? DEFAULT_MAX_SIGNALS,
      },
      required_fields: ((payload.required_fields ?? []) as { name: string; type: string }[]).map(({ name, type }) => ({ name, type })),
      attack: threatItems(body).map((item) => ({ kind: item.kind, id: item.id, name: item.name })),
    };
    if (format === 'json') {
      writeJson({ format_version: FORMAT_VERSION, ...facts, payload, findings: findingsJson(findings) });
      return 0;
    }
    const attack = threatItems(body).map((item) => `  ${'  '.repeat(item.kind === 'tactic' ? 0 : item.kind === 'technique' ? 1 : 2)}${item.id} ${item.name}`);
    const lines = [
      `${facts.name}  (${facts.rule_id})  ${path.normalize(ruleFile as string)}`,
      `type ${facts.type}, version ${facts.version} (from ${versionSource})`,
      `schedule: every ${facts.schedule.interval}, looking back ${facts.schedule.look_back} (from = ${facts.schedule.from}), at most ${facts.schedule.max_signals} alerts a run`,
      `required fields: ${facts.required_fields.length === 0 ? '(none computed)' : facts.required_fields.map((field) => `${field.name} (${field.type})`).join(', ')}`,
      `ATT&CK:${attack.length === 0 ? ' (no mapping)' : `\n${attack.join('\n')}`}`,
      '',
      'payload (what deploy sends):',
      JSON.stringify(payload, null, 2),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
}
