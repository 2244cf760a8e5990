import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex. */
export type Sha256Hex = (text: string) => string;

const portableSha256: Sha256Hex = (text) => bytesToHex(sha256(utf8ToBytes(text)));
let sha256Hex: Sha256Hex = portableSha256;

/**
 * Lets a host supply a native SHA-256 (Node's crypto is several times faster than the
 * portable one). Both give the same digest; a property test holds them to it.
 */
export function useSha256(impl: Sha256Hex): void {
  sha256Hex = impl;
}

export { portableSha256 };

/** SHA-256 of a text's UTF-8 bytes (lowercase hex), by the host's implementation where it gave one. */
export function sha256OfText(text: string): string {
  return sha256Hex(text);
}

/**
 * The body as it enters a fingerprint (SPEC section 4): line breaks as LF, trailing
 * spaces and tabs removed from every line, leading and trailing blank lines removed.
 */
export function normalizeBody(body: string): string {
  const lines = body.split(/\r\n?|\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const c = l.charCodeAt(l.length - 1);
    if (c === 32 || c === 9) lines[i] = l.replace(/[ \t]+$/, '');
  }
  let s = 0;
  let e = lines.length;
  while (s < e && lines[s] === '') s++;
  while (e > s && lines[e - 1] === '') e--;
  return lines.slice(s, e).join('\n');
}

/**
 * fingerprint(item) = first 8 hex digits of SHA-256 over UTF-8 of
 * JSON.stringify([title, body, fields]); `fields` holds the kind's fingerprint fields the
 * item sets, in ascending key order, with their parsed YAML values.
 */
export function fingerprint(title: string, body: string, fields: Readonly<Record<string, unknown>>): string {
  const ordered: Record<string, unknown> = {};
  for (const k of Object.keys(fields).sort()) ordered[k] = fields[k];
  return sha256Hex(JSON.stringify([title.trim(), normalizeBody(body), ordered])).slice(0, 8);
}

export const PIN = /^[0-9a-f]{8}$/;
