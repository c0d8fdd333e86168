// `npm run review -- [--base REF] [--format markdown|json|text|github] [--no-tests]`
import path from 'node:path';
import { Command } from 'commander';
import { oneOf, runCommand } from '../report/command-line.js';
import { isError } from '../report/finding.js';
import { renderFindingGithub } from '../report/render.js';
import { RULE_TESTS_FOLDER } from '../testing/test-file.js';
import { repositoryRoot } from './git.js';
import { reviewChanges, type ReviewReport } from './review.js';
import { reviewJson } from './review-json.js';
import { reviewMarkdown } from './review-markdown.js';
import { reviewText } from './review-text.js';
import { findTests, replayTests } from './rule-tests.js';
import { validateInRepository } from './rule-validation.js';

const FORMATS = ['text', 'markdown', 'json', 'github'] as const;

interface Options {
  base?: string;
  format: string;
  tests: boolean;
}

function render(report: ReviewReport, format: (typeof FORMATS)[number]): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(reviewJson(report), null, 2)}\n`;
    case 'markdown':
      return reviewMarkdown(report);
    case 'github':
      return [...report.findings, ...report.rules.flatMap((rule) => rule.findings)].map((finding) => `${renderFindingGithub(finding)}\n`).join('');
    case 'text':
      return reviewText(report);
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('review')
    .description('Compare the rules at a git base with the working tree, by rule_id: field and query diffs, and findings.')
    .option('--base <ref>', 'the branch, tag or commit to compare with (default: merge base with origin/main, else main)')
    .option('--format <format>', 'text, markdown, json or github', 'text')
    .option('--no-tests', "do not replay the changed rules' tests (a rule without a test file is still reported)");
  return runCommand<Options>(program, argv, async (options) => {
    const format = oneOf('format', options.format, FORMATS);
    const root = await repositoryRoot(process.cwd());
    const testsDir = path.relative(process.cwd(), path.join(root, RULE_TESTS_FOLDER)) || '.';
    const report = await reviewChanges({
      ...(options.base !== undefined ? { base: options.base } : {}),
      runTests: options.tests ? replayTests(testsDir) : findTests(testsDir),
      validate: validateInRepository(root),
    });
    process.stdout.write(render(report, format));
    const all = [...report.findings, ...report.rules.flatMap((rule) => rule.findings)];
    return all.some(isError) ? 1 : 0;
  });
}
