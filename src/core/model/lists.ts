/**
 * An empty list shared by everything that has nothing to list. A `[]` literal starts out
 * as an array of small integers to V8; lists of objects or strings are another kind of
 * array, and a hot loop that has only seen one kind is thrown back to the interpreter
 * (and compiled again) the first time it meets the other. This one is born the kind of
 * a list of objects, so that full and empty lists look alike to those loops.
 */
export function emptyList<T>(): T[] {
  const list: unknown[] = [null];
  list.pop();
  return list as T[];
}

/**
 * Appends `items` to `out` one by one: `out.push(...items)` passes every item as an
 * argument and overflows the stack beyond about 100,000 of them.
 */
export function pushAll<T>(out: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) out.push(items[i]!);
  return out;
}
