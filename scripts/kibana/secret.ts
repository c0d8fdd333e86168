// A credential that cannot leak by accident: printing, string interpolation, JSON and
// util.inspect all show a placeholder. Only `reveal()` gives the value, for the one header;
// `redactIn` takes it out of text a server sent back (a 401 page may echo the header).
import { inspect } from 'node:util';

const REDACTED = '[redacted]';
/** Shorter fragments are not looked for: they would blank out ordinary text (a real key is far longer). */
const MIN_FRAGMENT = 4;

export class Secret {
  readonly #value: string;
  readonly #fragments: readonly string[];

  constructor(value: string) {
    this.#value = value;
    this.#fragments = fragmentsOf(value);
  }

  reveal(): string {
    return this.#value;
  }

  /** `text` with every form of the credential a server could echo replaced by "[redacted]". */
  redactIn(text: string): string {
    let result = text;
    for (const fragment of this.#fragments) result = result.split(fragment).join(REDACTED);
    return result;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/**
 * The forms in which an `Authorization` value can come back: the whole header, its token
 * ("ApiKey <token>", "Basic <token>"), the token decoded ("id:key", "user:password") and the
 * part after the colon (the key, the password). Longest first, so a longer form is replaced whole.
 */
function fragmentsOf(value: string): string[] {
  const token = value.replace(/^\S+\s+/, '');
  const decoded = /^[A-Za-z0-9+/=_-]+$/.test(token) ? Buffer.from(token, 'base64').toString('utf8') : '';
  const afterColon = decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : '';
  return [...new Set([value, token, decoded, afterColon])]
    .filter((fragment) => fragment.length >= MIN_FRAGMENT && !fragment.includes('\uFFFD'))
    .sort((a, b) => b.length - a.length);
}
