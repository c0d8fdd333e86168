// IP addresses and CIDR blocks for `cidrMatch`: IPv4 and IPv6 as byte arrays, compared bit by bit.
import { isIP } from 'node:net';

export class CidrError extends Error {}

function ipv4Bytes(text: string): number[] {
  return text.split('.').map(Number);
}

function ipv6Bytes(text: string): number[] {
  let address = text;
  const bytes: number[] = [];
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) becomes two groups.
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(tail);
    address = `${address.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...restGroups];
  for (const group of groups) {
    const value = parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

/** The bytes of an IP address, or null when `text` is not one. */
export function ipBytes(text: string): number[] | null {
  const version = isIP(text);
  if (version === 4) return ipv4Bytes(text);
  if (version === 6) return ipv6Bytes(text);
  return null;
}

export interface CidrBlock {
  readonly bytes: readonly number[];
  readonly prefix: number;
}

export function parseCidr(text: string): CidrBlock {
  const [address = '', prefixText] = text.split('/');
  const bytes = ipBytes(address);
  if (!bytes) throw new CidrError(`"${text}" is not a CIDR block (expected e.g. "10.0.0.0/8")`);
  const prefix = prefixText === undefined ? bytes.length * 8 : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bytes.length * 8) {
    throw new CidrError(`"${text}" has an invalid prefix length`);
  }
  return { bytes, prefix };
}

export function inCidr(ip: readonly number[], block: CidrBlock): boolean {
  if (ip.length !== block.bytes.length) return false;
  let bits = block.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((ip[i] as number) & mask) !== ((block.bytes[i] as number) & mask)) return false;
  }
  return true;
}
