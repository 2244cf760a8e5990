import { describe, expect, it } from 'vitest';
import { URI_CACHE_MAX, UriMapper } from '../../../src/server/uris';

describe('UriMapper cache', () => {
  it('stays bounded however many paths are mapped (file events name every changed path)', () => {
    const uris = new UriMapper('/ws');
    for (let i = 0; i < URI_CACHE_MAX + 10_000; i++) uris.toUri(`build/out-${i}.o`);
    expect(uris.cachedUris).toBeLessThanOrEqual(URI_CACHE_MAX);
    expect(uris.toUri('build/out-1.o')).toBe('file:///ws/build/out-1.o');
  });
});
