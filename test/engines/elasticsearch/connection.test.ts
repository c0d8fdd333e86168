// ES_URL and credentials from the environment; TLS verification on by default.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clientOptions } from '../../../scripts/engines/elasticsearch/client.js';
import { elasticsearchConnectionFromEnv, EnvironmentError } from '../../../scripts/engines/elasticsearch/index.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('elasticsearchConnectionFromEnv', () => {
  it('is undefined without ES_URL', () => {
    expect(elasticsearchConnectionFromEnv({})).toBeUndefined();
    expect(elasticsearchConnectionFromEnv({ ES_URL: '' })).toBeUndefined();
  });

  it('reads an API key, preferring it over a username and password', () => {
    const connection = elasticsearchConnectionFromEnv({ ES_URL: 'https://es.example:9200', ES_API_KEY: 'a2V5', ES_USERNAME: 'u', ES_PASSWORD: 'p' });
    expect(connection?.url.href).toBe('https://es.example:9200/');
    expect(connection?.auth && 'apiKey' in connection.auth ? connection.auth.apiKey.reveal() : undefined).toBe('a2V5');
    // Printing the connection does not print the key.
    expect(JSON.stringify(connection)).not.toContain('a2V5');
  });

  it('reads a username and password, and refuses one without the other', () => {
    const connection = elasticsearchConnectionFromEnv({ ES_URL: 'http://localhost:9200', ES_USERNAME: 'elastic', ES_PASSWORD: 'changeme' });
    expect(connection?.auth).toMatchObject({ username: 'elastic' });
    expect(() => elasticsearchConnectionFromEnv({ ES_URL: 'http://localhost:9200', ES_USERNAME: 'elastic' })).toThrow(
      'ES_USERNAME and ES_PASSWORD go together',
    );
  });

  it('refuses credentials inside the URL without echoing them', () => {
    const attempt = () => elasticsearchConnectionFromEnv({ ES_URL: 'https://elastic:hunter2@es.example:9200' });
    expect(attempt).toThrow(EnvironmentError);
    expect(attempt).toThrow(/must not hold credentials/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('refuses a malformed URL and another scheme', () => {
    expect(() => elasticsearchConnectionFromEnv({ ES_URL: 'localhost:9200' })).toThrow(/must start with https:\/\/ or http:\/\//);
    expect(() => elasticsearchConnectionFromEnv({ ES_URL: 'not a url' })).toThrow(/ES_URL is not a URL/);
  });

  it('reads ES_CA_CERT, and names the file when it cannot', () => {
    const caFile = path.join(fixtures, 'localhost-cert.pem');
    const connection = elasticsearchConnectionFromEnv({ ES_URL: 'https://127.0.0.1:9200', ES_CA_CERT: caFile });
    expect(connection?.caCert?.toString()).toContain('BEGIN CERTIFICATE');
    expect(() => elasticsearchConnectionFromEnv({ ES_URL: 'https://127.0.0.1:9200', ES_CA_CERT: '/nonexistent/ca.pem' })).toThrow(
      'ES_CA_CERT: cannot read "/nonexistent/ca.pem" (ENOENT)',
    );
  });
});

describe('clientOptions', () => {
  it('verifies TLS by default, with the CA when given, and sends the API key', () => {
    const plain = clientOptions(elasticsearchConnectionFromEnv({ ES_URL: 'https://es.example:9200', ES_API_KEY: 'a2V5' })!);
    expect(plain.tls).toEqual({ rejectUnauthorized: true });
    expect(plain.auth).toEqual({ apiKey: 'a2V5' });
    const withCa = clientOptions(
      elasticsearchConnectionFromEnv({ ES_URL: 'https://es.example:9200', ES_CA_CERT: path.join(fixtures, 'localhost-cert.pem') })!,
    );
    expect(withCa.tls?.rejectUnauthorized).toBe(true);
    expect(String(withCa.tls?.ca)).toContain('BEGIN CERTIFICATE');
    expect(withCa).not.toHaveProperty('auth');
  });
});
