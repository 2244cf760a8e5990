import Ajv from 'ajv';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_CONFIG } from '../../src/core/config/defaults';
import { loadConfig } from '../../src/core/config/load';
import generated from '../../src/core/config/schemaValidator.generated';
import schema from '../../schemas/tracespine.schema.json';
import { GENERATED, generate } from '../../scripts/schemaValidator.mjs';

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const ahead = generated as unknown as Validate;
const atRunTime = new Ajv({ allErrors: true, strict: false }).compile(schema) as Validate;

/** What a validator says about `data`: valid or not, and every error. */
function verdict(validate: Validate, data: unknown): unknown {
  const valid = validate(data);
  return { valid, errors: valid ? [] : validate.errors };
}

describe('the schema validator compiled ahead of time', () => {
  it('is what the schema gives today (else: npm run gen:schema)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(generate());
  });

  it('answers as Ajv compiling the schema at run time does, errors included', () => {
    const base = JSON.parse(JSON.stringify(DEFAULT_CONFIG)) as Record<string, unknown>;
    const keys = [...Object.keys(base), 'unknown_key'];
    // The defaults with some keys replaced by anything, down to the nested values the rules look at.
    const variant = fc.record({
      replace: fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
      kind: fc.option(
        fc.dictionary(
          fc.constantFrom('prefix', 'pattern', 'name', 'fields', 'required', 'fingerprint', 'extra'),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        { nil: undefined },
      ),
      name: fc.constantFrom('need', 'sys-req', '1bad', 'ok_name', ''),
    });
    fc.assert(
      fc.property(variant, ({ replace, kind, name }) => {
        const data: Record<string, unknown> = { ...base, ...replace };
        if (kind) data.kinds = { ...(base.kinds as object), [name]: kind };
        expect(verdict(ahead, data)).toEqual(verdict(atRunTime, data));
      }),
      { numRuns: 1000 },
    );
    for (const data of [
      base,
      {},
      [],
      null,
      'text',
      3,
      { version: 2 },
      { kinds: {} },
      { statuses: ['a', 'a'] },
      { code_tags: { t: { to: [] } } },
    ]) {
      expect(verdict(ahead, data)).toEqual(verdict(atRunTime, data));
    }
  });

  it('is what loading tracespine.yaml uses: a schema error is a positioned config.invalid', () => {
    expect(loadConfig(stringify(DEFAULT_CONFIG)).findings).toEqual([]);
    const { findings } = loadConfig('version: 1\nstatuses: []\n');
    expect(findings.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.message}`)).toEqual([
      "1:10 'statuses' must not be empty",
    ]);
  });
});
