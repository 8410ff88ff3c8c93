import { hash } from 'node:crypto';

/**
 * RFC 9562 name-based UUIDs (version 5, SHA-1): the same name in the same namespace always gives
 * the same id. Event ids, command ids and step ids are derived this way on every command, several
 * times per request; the `uuid` package's v5 converts the name to bytes in JavaScript, this asks
 * node:crypto for one digest. Same results (checked against `uuid` in the spec).
 */
const namespaces = new Map<string, Buffer>();

function namespaceBytes(namespace: string): Buffer {
  let bytes = namespaces.get(namespace);
  if (!bytes) {
    const hex = namespace.replace(/-/g, '');
    if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`not a UUID namespace: ${namespace}`);
    bytes = Buffer.from(hex, 'hex');
    namespaces.set(namespace, bytes);
  }
  return bytes;
}

export function uuidV5(name: string, namespace: string): string {
  const ns = namespaceBytes(namespace);
  const input = Buffer.allocUnsafe(16 + Buffer.byteLength(name, 'utf8'));
  ns.copy(input, 0);
  input.write(name, 16, 'utf8');
  const digest = hash('sha1', input, 'buffer');
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
