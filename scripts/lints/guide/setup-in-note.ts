import type { RuleLint } from '../lint.js';
import { markdownHeadings, normalizeHeading } from './headings.js';

/** The setup text without its own heading, whitespace-normalised, for finding a copy of it. */
function setupBody(setup: string): string {
  return setup
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export const setupInNote: RuleLint = {
  code: 'lint.setup-in-note',
  scope: 'rule',
  defaultSeverity: 'off',
  strictSeverity: 'error',
  description: 'When the rule has a `setup`, the `note` does not repeat it (no "Setup" section, no copy of the text): Kibana shows both.',
  check(rule) {
    const { note, setup } = rule.document.rule;
    if (note === undefined || setup === undefined || setup.trim() === '') return [];
    const heading = markdownHeadings(note).find((h) => normalizeHeading(h.text) === 'setup');
    const body = setupBody(setup);
    const copied = heading === undefined && body.length > 0 && note.replace(/\s+/g, ' ').includes(body);
    if (!heading && !copied) return [];
    const position = heading ? rule.source.locateInString(['rule', 'note'], heading.offset) : undefined;
    return [
      {
        path: ['rule', 'note'],
        ...(position ? { position } : {}),
        message: heading ? 'the note has a Setup section although the rule has a setup field' : 'the note repeats the text of the setup field',
        hint: 'keep the setup instructions in setup only and remove them from note',
      },
    ];
  },
};
