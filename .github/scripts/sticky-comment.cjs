// Posts a Markdown file as a pull-request comment, or updates the comment posted before: the one
// whose body holds `marker` (an HTML comment such as `<!-- rules-review -->`). Called from
// actions/github-script, which passes its authenticated `github` client and `context`.
const { readFileSync } = require('node:fs');

/** GitHub rejects comment bodies over 65,536 characters. */
const MAX_BODY = 65_000;

module.exports = async function postStickyComment({ github, context }, file, marker) {
  let body = readFileSync(file, 'utf8');
  if (!body.includes(marker)) body = `${marker}\n${body}`;
  if (body.length > MAX_BODY) body = `${body.slice(0, MAX_BODY)}\n\n_(cut to fit a comment: see the job summary for all of it)_\n`;
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const previous = comments.find((comment) => comment.user && comment.user.type === 'Bot' && typeof comment.body === 'string' && comment.body.includes(marker));
  if (previous) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
    return { updated: previous.id };
  }
  const created = await github.rest.issues.createComment({ owner, repo, issue_number, body });
  return { created: created.data.id };
};
