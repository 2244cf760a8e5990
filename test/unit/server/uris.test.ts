import { describe, expect, it } from 'vitest';
import { pathToUri, UriMapper, uriToPath } from '../../../src/server/uris';

describe('paths and URIs', () => {
  it('encodes like VS Code (vscode-uri): unreserved characters and / kept, the rest percent-encoded', () => {
    expect(pathToUri('/work/ws/design/REQ-1.md')).toBe('file:///work/ws/design/REQ-1.md');
    expect(pathToUri('/w/Über needs/a#b?c[1]:(x)+y&z=é!.md')).toBe(
      'file:///w/%C3%9Cber%20needs/a%23b%3Fc%5B1%5D%3A%28x%29%2By%26z%3D%C3%A9%21.md',
    );
    expect(pathToUri('/w/emoji 😀.md')).toBe('file:///w/emoji%20%F0%9F%98%80.md');
  });

  it('decodes any valid encoding back to the path', () => {
    for (const p of ['/w/Über needs/a#b?c[1]:(x)+y&z=é!.md', '/w/emoji 😀.md', '/w/100%.md'])
      expect(uriToPath(pathToUri(p))).toBe(p);
    expect(uriToPath('file:///w/%c3%9cber%20needs/x.md')).toBe('/w/Über needs/x.md');
    expect(uriToPath('untitled:Untitled-1')).toBeUndefined();
  });

  it('maps workspace-relative paths, refusing paths outside the root, and keeps the client’s spelling of open documents', () => {
    const m = new UriMapper('/w/ws');
    expect(m.toFile('file:///w/ws/design/Über%20needs/UN-2.md')).toBe('design/Über needs/UN-2.md');
    expect(m.toFile('file:///w/ws')).toBeUndefined();
    expect(m.toFile('file:///w/ws2/x.md')).toBeUndefined();
    expect(m.toFile('file:///w/other/x.md')).toBeUndefined();
    expect(m.toUri('design/Über needs/UN-2.md')).toBe('file:///w/ws/design/%C3%9Cber%20needs/UN-2.md');
    m.remember('a b.md', 'file:///w/ws/a b.md');
    expect(m.toUri('a b.md')).toBe('file:///w/ws/a b.md');
    m.forget('a b.md');
    expect(m.toUri('a b.md')).toBe('file:///w/ws/a%20b.md');
  });
});
