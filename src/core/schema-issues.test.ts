import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { editDistance, formatIssues, nearestName } from './schema-issues.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours as one each', () => {
    expect(editDistance('seed', 'seed')).toBe(0);
    expect(editDistance('sede', 'seed')).toBe(1); // a swap
    expect(editDistance('lod', 'load')).toBe(1); // an insertion
    expect(editDistance('rounds', 'rouns')).toBe(1); // a deletion
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('names the nearest known name within 1 edit (2 for names over 4 letters), or none', () => {
    expect(nearestName('debounse', ['debounce', 'probability'])).toBe('debounce');
    expect(nearestName('xyz', ['seed', 'name'])).toBeUndefined();
    expect(nearestName('nmae', ['name', 'seed'])).toBe('name');
  });
});

describe('formatIssues', () => {
  const schema = z.strictObject({
    seed: z.number().default(1),
    fleet: z
      .array(
        z.strictObject({
          count: z.number(),
          profile: z
            .discriminatedUnion('type', [
              z.strictObject({ type: z.literal('constant'), load: z.number() }),
              z.strictObject({ type: z.literal('walk'), mean: z.number() }),
            ])
            .optional(),
        }),
      )
      .prefault([]),
  });

  it('suggests the key an unknown one most likely meant, at any depth', () => {
    const input = {
      sede: 2,
      fleet: [{ count: 1, profile: { type: 'constant', load: 1, lod: 2 } }, { conut: 2 }],
    };
    const r = schema.safeParse(input);
    expect(r.success).toBe(false);
    const lines = formatIssues(r.error!.issues, schema, input);
    expect(lines).toContain('(root): unknown key(s) "sede": did you mean "seed"?');
    expect(lines).toContain('fleet[0].profile: unknown key(s) "lod": did you mean "load"?');
    expect(lines).toContain('fleet[1]: unknown key(s) "conut": did you mean "count"?');
    // a discriminated union's branch is the one the input names: "lod" is load's only where
    // the type has a load
    const walk = z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('constant'), load: z.number() }),
      z.strictObject({ type: z.literal('walk'), lode: z.number() }),
    ]);
    const w = walk.safeParse({ type: 'walk', lode: 1, lod: 2 });
    expect(formatIssues(w.error!.issues, walk, { type: 'walk', lode: 1, lod: 2 })).toEqual([
      '(root): unknown key(s) "lod": did you mean "lode"?',
    ]);
    // without the schema, or far from every key: no suggestion
    expect(formatIssues(r.error!.issues)).toContain('(root): unknown key(s) "sede"');
    const far = schema.safeParse({ zzzz: 1 });
    expect(formatIssues(far.error!.issues, schema)).toEqual(['(root): unknown key(s) "zzzz"']);
  });

  it('gives the value a type or a choice refused, and the choice it most likely meant', () => {
    const s2 = z.strictObject({
      durationH: z.number(),
      mode: z.enum(['outer_race', 'inner_race', 'ball']),
      fleet: z.array(z.strictObject({ count: z.number() })),
    });
    const input = { durationH: 'abc', mode: 'outer_rase', fleet: [{ count: true }] };
    const r = s2.safeParse(input);
    expect(formatIssues(r.error!.issues, s2, input)).toEqual([
      'durationH: Invalid input: expected number, got "abc"',
      'mode: Invalid option: expected one of "outer_race"|"inner_race"|"ball", got "outer_rase": did you mean "outer_race"?',
      'fleet[0].count: Invalid input: expected number, got true',
    ]);
    // a missing value or an object: the message alone
    const m = s2.safeParse({ mode: 'zzz', fleet: {} });
    expect(formatIssues(m.error!.issues, s2, { mode: 'zzz', fleet: {} })).toEqual([
      'durationH: Invalid input: expected number, received undefined',
      'mode: Invalid option: expected one of "outer_race"|"inner_race"|"ball", got "zzz"',
      'fleet: Invalid input: expected array, received object',
    ]);
  });
});
