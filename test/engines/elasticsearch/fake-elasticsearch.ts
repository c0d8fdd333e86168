// A recording stand-in for Elasticsearch on 127.0.0.1: it answers the requests the replay
// backend makes (info, index templates, indices, bulk, _eql/search, _search, _query, deletes) with Elasticsearch's
// status codes, headers and bodies, keeps the indices and templates it was asked to create, and
// records every request so tests can assert exactly what was sent.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

export interface StoredDocument {
  readonly _index: string;
  readonly _id: string;
  readonly _source: Record<string, unknown>;
}

export interface FakeElasticsearchOptions {
  /** TLS key and certificate: serve HTTPS. */
  readonly tls?: { key: Buffer; cert: Buffer };
  /** When set, every request must carry `Authorization: ApiKey <apiKey>`. */
  readonly apiKey?: string;
  /** The `_eql/search` answer; default: every stored event of the searched indices. */
  readonly eql?: (body: Record<string, unknown>, indices: readonly string[], fake: FakeElasticsearch) => Reply | Promise<Reply>;
  /** The `_search` answer; without it the fake has no `_search` route. */
  readonly search?: (body: Record<string, unknown>, indices: readonly string[], fake: FakeElasticsearch) => Reply | Promise<Reply>;
  /** The `_query` (ES|QL) answer; without it the fake has no `_query` route. */
  readonly esql?: (body: Record<string, unknown>, fake: FakeElasticsearch) => Reply | Promise<Reply>;
  /** Answers a request before the normal routes do, when it returns a reply. */
  readonly intercept?: (request: RecordedRequest) => Reply | undefined;
  /** A bulk item error for a document, or undefined to accept it. */
  readonly rejectDocument?: (document: StoredDocument) => { type: string; reason: string } | undefined;
}

const esError = (status: number, type: string, reason: string): Reply => ({
  status,
  body: { error: { root_cause: [{ type, reason }], type, reason }, status },
});

export class FakeElasticsearch {
  readonly requests: RecordedRequest[] = [];
  readonly templates = new Map<string, Record<string, unknown>>();
  readonly indices = new Map<string, { mappings: unknown; documents: Map<string, StoredDocument> }>();
  /** Every name the fake ever created, also after deletion. */
  readonly everCreated: string[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly options: FakeElasticsearchOptions,
  ) {}

  static async start(options: FakeElasticsearchOptions = {}): Promise<FakeElasticsearch> {
    let fake: FakeElasticsearch | undefined;
    const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => void (fake as FakeElasticsearch).handle(request, Buffer.concat(chunks).toString('utf8'), response));
    };
    const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeElasticsearch(server, `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`, options);
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Recorded requests whose method and path match. */
  find(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && path.test(request.path));
  }

  private async handle(request: http.IncomingMessage, body: string, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const recorded: RecordedRequest = { method: request.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: request.headers, body };
    this.requests.push(recorded);
    const reply = !this.authorized(request)
      ? esError(401, 'security_exception', 'unable to authenticate with provided credentials and anonymous access is not allowed for this request')
      : (this.options.intercept?.(recorded) ?? (await this.route(recorded)));
    response.writeHead(reply.status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    response.end(JSON.stringify(reply.body));
  }

  private authorized(request: http.IncomingMessage): boolean {
    return this.options.apiKey === undefined || request.headers.authorization === `ApiKey ${this.options.apiKey}`;
  }

  private route(request: RecordedRequest): Reply | Promise<Reply> {
    const { method, path } = request;
    const segments = path.split('/').filter((segment) => segment !== '');
    if (method === 'GET' && segments.length === 0) {
      return {
        status: 200,
        body: {
          name: 'fake-node',
          cluster_name: 'replay-test',
          cluster_uuid: 'yW8wr2yuQbCkFmUjCjJ2wA',
          version: { number: '9.4.1', build_flavor: 'default', lucene_version: '10.2.2' },
          tagline: 'You Know, for Search',
        },
      };
    }
    if (segments[0] === '_index_template' && segments[1] !== undefined) return this.template(method, segments[1], request);
    if (segments[0] === '_bulk' && method === 'POST') return this.bulk(request.body);
    if (segments[1] === '_eql' && segments[2] === 'search') return this.eql(segments[0] as string, request.body);
    if (segments[1] === '_search' && method === 'POST' && this.options.search) {
      return this.options.search(JSON.parse(request.body) as Record<string, unknown>, this.resolve(segments[0] as string), this);
    }
    if (segments[0] === '_query' && segments.length === 1 && method === 'POST' && this.options.esql) {
      return this.options.esql(JSON.parse(request.body) as Record<string, unknown>, this);
    }
    if (segments.length === 1 && method === 'PUT') return this.createIndex(segments[0] as string, request.body);
    if (segments.length === 1 && method === 'DELETE') return this.deleteIndices(segments[0] as string);
    return esError(400, 'illegal_argument_exception', `no handler found for uri [${path}] and method [${method}]`);
  }

  private template(method: string, name: string, request: RecordedRequest): Reply {
    if (method === 'PUT' || method === 'POST') {
      if (request.query.get('create') === 'true' && this.templates.has(name)) {
        return esError(400, 'illegal_argument_exception', `index template [${name}] already exists`);
      }
      this.templates.set(name, JSON.parse(request.body) as Record<string, unknown>);
      this.everCreated.push(`template:${name}`);
      return { status: 200, body: { acknowledged: true } };
    }
    if (method === 'DELETE') {
      if (!this.templates.delete(name)) return esError(404, 'resource_not_found_exception', `index_template [${name}] missing`);
      return { status: 200, body: { acknowledged: true } };
    }
    return esError(405, 'illegal_argument_exception', `method [${method}] not allowed`);
  }

  private createIndex(name: string, body: string): Reply {
    if (this.indices.has(name)) {
      return esError(400, 'resource_already_exists_exception', `index [${name}/Xq3dZ0cCRd2zNjTz8mIFbw] already exists`);
    }
    const parsed = body === '' ? {} : (JSON.parse(body) as { mappings?: unknown });
    this.indices.set(name, { mappings: parsed.mappings, documents: new Map() });
    this.everCreated.push(name);
    return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: name } };
  }

  private deleteIndices(list: string): Reply {
    const names = list.split(',');
    for (const name of names) this.indices.delete(name);
    return { status: 200, body: { acknowledged: true } };
  }

  private bulk(body: string): Reply {
    const lines = body.split('\n').filter((line) => line !== '');
    const items: Record<string, unknown>[] = [];
    let errors = false;
    for (let position = 0; position < lines.length; position += 2) {
      const action = JSON.parse(lines[position] as string) as Record<string, { _index: string; _id: string }>;
      const [operation, target] = Object.entries(action)[0] as [string, { _index: string; _id: string }];
      const document: StoredDocument = { _index: target._index, _id: target._id, _source: JSON.parse(lines[position + 1] as string) };
      const index = this.indices.get(target._index);
      const rejection = this.options.rejectDocument?.(document);
      const base = { _index: target._index, _id: target._id };
      if (index === undefined) {
        errors = true;
        items.push({ [operation]: { ...base, status: 404, error: { type: 'index_not_found_exception', reason: `no such index [${target._index}]` } } });
      } else if (rejection !== undefined) {
        errors = true;
        items.push({ [operation]: { ...base, status: 400, error: { ...rejection, caused_by: { type: 'illegal_argument_exception', reason: 'field value rejected' } } } });
      } else if (operation === 'create' && index.documents.has(target._id)) {
        errors = true;
        items.push({
          [operation]: { ...base, status: 409, error: { type: 'version_conflict_engine_exception', reason: `[${target._id}]: version conflict, document already exists (current version [1])` } },
        });
      } else {
        index.documents.set(target._id, document);
        items.push({ [operation]: { ...base, _version: 1, result: 'created', _shards: { total: 1, successful: 1, failed: 0 }, _seq_no: 0, _primary_term: 1, status: 201 } });
      }
    }
    return { status: 200, body: { errors, took: 3, items } };
  }

  /** The stored indices a comma-separated list of patterns selects, with `-` exclusions. */
  resolve(patterns: string): string[] {
    const glob = (pattern: string): RegExp => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const selected = new Set<string>();
    for (const pattern of patterns.split(',')) {
      const names = [...this.indices.keys()];
      if (pattern.startsWith('-')) for (const name of names.filter((name) => glob(pattern.slice(1)).test(name))) selected.delete(name);
      else for (const name of names.filter((name) => glob(pattern).test(name))) selected.add(name);
    }
    return [...selected];
  }

  private eql(patterns: string, body: string): Reply | Promise<Reply> {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const indices = this.resolve(patterns);
    if (this.options.eql) return this.options.eql(parsed, indices, this);
    const events = indices.flatMap((name) => [...(this.indices.get(name)?.documents.values() ?? [])]);
    return {
      status: 200,
      body: { is_partial: false, is_running: false, took: 2, timed_out: false, hits: { total: { value: events.length, relation: 'eq' }, events } },
    };
  }
}
