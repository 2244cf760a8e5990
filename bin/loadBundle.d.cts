export function loadBundle(file: string): { exports: Record<string, unknown>; cacheUsed: boolean };
export function writeCache(
  file: string,
  warmUp: (exports: Record<string, unknown>) => Promise<void> | void,
): Promise<void>;
