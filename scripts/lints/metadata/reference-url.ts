import type { RuleLint } from '../lint.js';

function isWebUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

export const referenceUrl: RuleLint = {
  code: 'lint.reference-url',
  scope: 'rule',
  defaultSeverity: 'off',
  strictSeverity: 'error',
  description: 'Every entry of `references` is an http(s) URL an analyst can open.',
  check(rule) {
    return (rule.document.rule.references ?? []).flatMap((reference, index) =>
      isWebUrl(reference)
        ? []
        : [
            {
              path: ['rule', 'references', index],
              message: `reference "${reference}" is not an http(s) URL`,
              hint: 'write the full address, starting with https://, without spaces; put prose in the note',
            },
          ],
    );
  },
};
