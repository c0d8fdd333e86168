// `npm run review` end to end: the real CLI in a scratch repository holding the seed rule and its
// replay tests, with the real replay harness.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_MARKER } from '../../scripts/review/review-markdown.js';
import { runCli } from '../support/run-cli.js';
import { createRepository, readSeed, readSeedTests, SEED_ID, SEED_PATH, SEED_TESTS_PATH, type GitRepository } from './git-repository.js';

interface ReviewJson {
  base: { ref: string; commit: string };
  summary: Record<string, number>;
  rules: {
    rule_id: string;
    change: string;
    fields: { path: string; kind: string; before?: unknown; after?: unknown; summary: string }[];
    query: { changed: boolean; formatting_only: boolean; details: string[] } | null;
    tests: { test_files: string[]; cases: { name: string; passed: boolean; error?: string }[] } | null;
    findings: { code: string; severity: string; file: string; line?: number; path?: string }[];
  }[];
}

describe('npm run review', () => {
  let repo: GitRepository;
  let seed: string;

  beforeAll(async () => {
    repo = await createRepository();
    seed = await readSeed();
    await repo.write(SEED_PATH, seed);
    await repo.write(SEED_TESTS_PATH, await readSeedTests());
    repo.commit('seed rule and its tests');
    repo.git('checkout', '-q', '-b', 'scratch');
  });
  afterAll(() => repo.dispose());

  it('prints the severity diff and the version finding, and exits 1, when severity changes without a version bump', async () => {
    await repo.write(SEED_PATH, seed.replace('severity = "medium"', 'severity = "high"'));
    const text = runCli(['review'], { cwd: repo.dir });
    expect(text.stderr).toBe('');
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('rule.severity: medium → high');
    const versionLine = seed.split('\n').indexOf('version = 101') + 1;
    expect(text.stdout).toContain(`${SEED_PATH}:${versionLine}:1: error review.version-not-bumped: the rule's content changed but version is still 101 (was 101 at the base)`);

    const json = JSON.parse(runCli(['review', '--format', 'json', '--base', 'main'], { cwd: repo.dir }).stdout) as ReviewJson;
    expect(json.base).toEqual({ ref: 'main', commit: repo.git('rev-parse', 'main').trim() });
    const [review] = json.rules;
    expect(review).toMatchObject({ rule_id: SEED_ID, change: 'changed', fields: [{ path: 'rule.severity', kind: 'changed', before: 'medium', after: 'high', summary: 'medium → high' }] });
    // The real replay harness ran the seed's tests: the case that checks the alert's severity now fails.
    expect(review?.tests?.test_files).toEqual([SEED_TESTS_PATH]);
    expect(review?.tests?.cases.filter((testCase) => !testCase.passed).map((testCase) => testCase.error)).toEqual(['alert 1: expected kibana.alert.severity = "medium", got "high"']);
    // The review runs the lints too: medium's risk score 47 is outside the high band.
    expect(review?.findings.map((finding) => finding.code)).toEqual(['lint.risk-severity', 'review.version-not-bumped', 'review.failing-tests', 'review.updated-date-not-moved']);

    const github = runCli(['review', '--format', 'github', '--no-tests'], { cwd: repo.dir });
    expect(github.status).toBe(1);
    expect(github.stdout.split('\n')).toContain(
      `::error file=${SEED_PATH},line=${versionLine},col=1,title=review.version-not-bumped::the rule's content changed but version is still 101 (was 101 at the base) (run npm run version -- bump (or set version = 102))`,
    );
    expect(github.stdout).not.toContain('review.failing-tests');
  });

  it('shows no query change for a whitespace-only edit of the query, and exits 0', async () => {
    await repo.write(SEED_PATH, seed.replace(' [any where event.action == "Detailed File Share"', '\n    [any where\n      event.action == "Detailed File Share"'));
    const json = JSON.parse(runCli(['review', '--format', 'json'], { cwd: repo.dir }).stdout) as ReviewJson;
    expect(json.rules).toEqual([expect.objectContaining({ change: 'reformatted', fields: [], query: expect.objectContaining({ changed: false, formatting_only: true, details: [] }), tests: null, findings: [] })]);
    const markdown = runCli(['review', '--format', 'markdown'], { cwd: repo.dir });
    expect(markdown.status).toBe(0);
    expect(markdown.stdout.startsWith(`${REVIEW_MARKER}\n### Rule review: `)).toBe(true);
    expect(markdown.stdout).toContain('| Rule | Change | Findings |');
    expect(markdown.stdout).toContain('| formatting only | none |');
    expect(markdown.stdout).toContain('Query: formatting only (the same syntax tree).');
  });

  it('exits 2 with a clear message outside a checkout, for an unknown base and for a bad format', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'not-a-repo-'));
    try {
      const run = runCli(['review'], { cwd: outside });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^review: .* is not inside a git checkout/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
    const unknown = runCli(['review', '--base', 'no-such-branch'], { cwd: repo.dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('review: unknown base "no-such-branch": fetch it first (git fetch origin) or pass another --base\n');
    expect(runCli(['review', '--format', 'xml'], { cwd: repo.dir }).status).toBe(2);
  });
});
