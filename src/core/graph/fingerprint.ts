import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The body as it enters a fingerprint (SPEC section 4): line breaks as LF, trailing
 * spaces and tabs removed from every line, leading and trailing blank lines removed.
 */
export function normalizeBody(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[ \t]+$/, ''));
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
  const json = JSON.stringify([title.trim(), normalizeBody(body), ordered]);
  return bytesToHex(sha256(utf8ToBytes(json))).slice(0, 8);
}

export const PIN = /^[0-9a-f]{8}$/;
