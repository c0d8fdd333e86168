// The two ways a replay on Elasticsearch fails. An EnvironmentError is the user's setup (no
// cluster, no Docker, wrong credentials, untrusted certificate): the CLI exits 2. A
// ReplayRunError is about this run's data or query (a rejected document, a query Elasticsearch
// refuses): the harness reports it as a finding on the rule.

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

export class ReplayRunError extends Error {
  override readonly name = 'ReplayRunError';
}
