// The GitHub workflows parse, call only npm scripts and flags that exist, pin their actions, and
// wire the jobs the way docs/pull-requests.md says.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../scripts/cli.js';
import { DEFAULT_ES_IMAGE } from '../../scripts/engines/elasticsearch/container.js';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { REVIEW_MARKER } from '../../scripts/review/review-markdown.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  steps: Step[];
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  services?: Record<string, { image: string; env?: Record<string, string>; options?: string }>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = (name: string): Workflow => parse(readFileSync(path.join(REPO_ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
const workflows = { 'ci.yml': workflow('ci.yml'), 'deploy.yml': workflow('deploy.yml') };
const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

interface NpmCall {
  readonly script: string;
  readonly flags: string[];
}

/** Every `npm run NAME -- ARGS` in the workflows' run steps, with the --flags passed. */
function npmRunCalls(): NpmCall[] {
  const runs = Object.values(workflows).flatMap((flow) => Object.values(flow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : []))));
  return runs.flatMap((run) =>
    [...run.matchAll(/npm run(?: --silent| -s)? ([\w:-]+)(?: -- ([^>|&\n]*))?/g)].map((match) => ({
      script: match[1] as string,
      flags: (match[2] ?? '').split(/\s+/).filter((word) => word.startsWith('--')).map((flag) => flag.replace(/=.*$/, '')),
    })),
  );
}

/** The CLI command an npm script runs: `tsx scripts/cli.ts review` → `review`. */
function cliCommand(script: string): string | undefined {
  return /^node bin\/cli\.mjs ([\w-]+)$/.exec(scripts[script] ?? '')?.[1];
}

async function helpOf(command: string): Promise<string> {
  let text = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  try {
    expect(await runCli([command, '--help'])).toBe(0);
  } finally {
    write.mockRestore();
  }
  return text;
}

describe('GitHub workflows', () => {
  afterEach(() => vi.restoreAllMocks());

  it('call only npm scripts that exist, with flags their commands accept', async () => {
    const calls = npmRunCalls();
    expect(new Set(calls.map((call) => call.script))).toEqual(new Set(['validate', 'review', 'test:rules', 'deploy']));
    for (const call of calls) {
      expect(scripts, `npm run ${call.script}`).toHaveProperty([call.script]);
      const command = cliCommand(call.script);
      expect(command, `${call.script} runs a bin/cli.mjs command`).toBeDefined();
      const help = await helpOf(command as string);
      for (const flag of call.flags) expect(help, `npm run ${call.script} -- ${flag}`).toMatch(new RegExp(`${flag}\\b`));
    }
    const plain = Object.values(workflows).flatMap((flow) => Object.values(flow.jobs).flatMap((job) => job.steps.map((step) => step.run ?? '')));
    expect(plain).toContain('npm test');
    expect(scripts).toHaveProperty(['test']);
  });

  it('pin every action to a version and require only files that exist', () => {
    for (const flow of Object.values(workflows)) {
      for (const job of Object.values(flow.jobs)) {
        for (const step of job.steps) {
          if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
          for (const required of String(step.with?.script ?? '').matchAll(/require\('\.\/([^']+)'\)/g)) {
            expect(existsSync(path.join(REPO_ROOT, required[1] as string)), required[1]).toBe(true);
          }
        }
      }
    }
  });

  it('ci: runs on pull requests and pushes to main, reviews with history into the summary, replays on a healthy Elasticsearch', () => {
    const ci = workflows['ci.yml'];
    expect(ci.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
    expect(ci.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(ci.jobs).sort()).toEqual(['elasticsearch', 'review', 'test', 'validate']);
    for (const job of Object.values(ci.jobs)) expect(job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': 20, cache: 'npm' });

    const review = ci.jobs.review as Job;
    expect(review.if).toBe("github.event_name == 'pull_request'");
    expect(review.steps[0]).toEqual({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    const markdown = review.steps.find((step) => step.run?.includes('--format markdown'))?.run ?? '';
    expect(markdown).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(review.steps.some((step) => String(step.with?.script ?? '').includes(REVIEW_MARKER))).toBe(true);
    expect(review.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });

    const elasticsearch = ci.jobs.elasticsearch as Job;
    const service = elasticsearch.services?.elasticsearch;
    expect(service?.image).toBe(DEFAULT_ES_IMAGE);
    expect(service?.env).toMatchObject({ 'discovery.type': 'single-node', 'xpack.security.enabled': 'false' });
    expect(service?.options).toContain('--health-cmd "curl -fsS http://localhost:9200/_cluster/health');
    expect(elasticsearch.env).toEqual({ ES_URL: 'http://localhost:9200' });
    expect(elasticsearch.steps.some((step) => step.run?.includes('--engine elasticsearch --format junit > reports/rules-junit.xml'))).toBe(true);
    expect(elasticsearch.steps.find((step) => step.uses?.startsWith('mikepenz/action-junit-report@'))).toMatchObject({ if: 'always()', with: { report_paths: 'reports/rules-junit.xml' } });
  });

  it('deploy: plans on every trigger, applies only on main in the protected environment, posts plans to pull requests', () => {
    const deploy = workflows['deploy.yml'];
    expect(Object.keys(deploy.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    const { plan, apply } = deploy.jobs as { plan: Job; apply: Job };
    for (const job of [plan, apply]) expect(job.env).toEqual({ KIBANA_URL: '${{ secrets.KIBANA_URL }}', KIBANA_API_KEY: '${{ secrets.KIBANA_API_KEY }}' });
    expect(plan.steps.some((step) => step.run?.includes('npm run --silent deploy -- plan'))).toBe(true);
    expect(plan.steps.find((step) => step.uses?.startsWith('actions/github-script@'))?.if).toBe("github.event_name == 'pull_request'");
    expect(apply).toMatchObject({ needs: 'plan', environment: 'production', permissions: { contents: 'read' } });
    expect(apply.if).toBe("github.event_name != 'pull_request' && github.ref == 'refs/heads/main'");
    expect(apply.steps.at(-1)?.run).toBe('npm run --silent deploy -- apply');
  });
});

describe('sticky comment script', () => {
  const postStickyComment = createRequire(import.meta.url)(path.join(REPO_ROOT, '.github', 'scripts', 'sticky-comment.cjs')) as (
    api: { github: unknown; context: unknown },
    file: string,
    marker: string,
  ) => Promise<{ created?: number; updated?: number }>;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sticky-')), 'review.md');
  writeFileSync(file, '### Rule review\n');

  function fakeGitHub(comments: { id: number; user: { type: string }; body: string }[]) {
    const calls: { method: string; args: Record<string, unknown> }[] = [];
    const record = (method: string) => async (args: Record<string, unknown>) => {
      calls.push({ method, args });
      return { data: { id: 99 } };
    };
    const github = {
      paginate: async () => comments,
      rest: { issues: { listComments: record('list'), updateComment: record('update'), createComment: record('create') } },
    };
    return { api: { github, context: { repo: { owner: 'o', repo: 'r' }, issue: { number: 7 } } }, calls };
  }

  it("updates the bot's comment that holds the marker, and creates one otherwise", async () => {
    const marker = '<!-- rules-review -->';
    const existing = fakeGitHub([
      { id: 1, user: { type: 'User' }, body: `quoting ${marker}` },
      { id: 2, user: { type: 'Bot' }, body: `${marker}\nold review` },
    ]);
    expect(await postStickyComment(existing.api, file, marker)).toEqual({ updated: 2 });
    expect(existing.calls).toEqual([{ method: 'update', args: { owner: 'o', repo: 'r', comment_id: 2, body: '<!-- rules-review -->\n### Rule review\n' } }]);

    const fresh = fakeGitHub([]);
    expect(await postStickyComment(fresh.api, file, marker)).toEqual({ created: 99 });
    expect(fresh.calls[0]).toMatchObject({ method: 'create', args: { issue_number: 7 } });
  });
});
