import { describe, expect, it } from 'vitest';
import { DEFAULT_SPLIT, emptySplitWarning, splitIds, missingClassWarning } from './splits.js';

const ids = Array.from({ length: 100 }, (_, i) => `m-${String(i).padStart(3, '0')}`);

describe('splits by machine', () => {
  it('partitions ids without sharing any between splits', () => {
    const s = splitIds(ids, 1);
    const all = [...s.train, ...s.validation, ...s.test];
    expect(all.sort()).toEqual(ids);
    expect(new Set(all).size).toBe(100);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([60, 20, 20]);
  });

  it('is stable for a seed and changes with it', () => {
    expect(splitIds(ids, 7)).toEqual(splitIds([...ids].reverse(), 7));
    expect(splitIds(ids, 7).test).not.toEqual(splitIds(ids, 8).test);
  });

  it('stratifies: each stratum is split by the fractions', () => {
    const failing = new Set(ids.slice(0, 30));
    const s = splitIds(ids, 3, { train: 0.6, validation: 0.2, test: 0.2 }, (id) =>
      failing.has(id) ? 'fails' : 'ok',
    );
    expect(s.test.filter((id) => failing.has(id)).length).toBe(6);
    expect(s.validation.filter((id) => failing.has(id)).length).toBe(6);
  });

  it('splits a labelled table of 300,000 rows, one id each, by the fractions', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => `r${i}`);
    const s = splitIds(many, 1, DEFAULT_SPLIT, (id) => (id.endsWith('7') ? 'failure' : 'normal'));
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([180_000, 60_000, 60_000]);
    expect(s.test.filter((id) => id.endsWith('7')).length).toBe(6_000);
    expect(new Set([...s.train, ...s.validation, ...s.test]).size).toBe(300_000);
  });

  it('puts at least one id of a small stratum in every split', () => {
    const s = splitIds(['a', 'b', 'c'], 1);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([1, 1, 1]);
  });

  it('fills a split that strata too small to share left empty, from the largest', () => {
    // six bearings, two of each condition: each stratum of two splits 1 / 1 / 0
    const six = ['k1', 'k2', 'ka1', 'ka2', 'ki1', 'ki2'];
    const label = (id: string) => id.replace(/\d$/, '');
    for (const seed of [1, 2, 3]) {
      const s = splitIds(six, seed, DEFAULT_SPLIT, label);
      // from validation, 1.8 over its share of 1.2 (train is 0.6 under its 3.6)
      expect([s.train.length, s.validation.length, s.test.length], `seed ${seed}`).toEqual([
        3, 2, 1,
      ]);
      expect([...s.train, ...s.validation, ...s.test].sort()).toEqual(six);
    }
    // two machines of two labels (1 / 0 / 0 each): train and validation, as train needs
    const two = splitIds(['a', 'b'], 1, DEFAULT_SPLIT, (id) => id);
    expect([two.train.length, two.validation.length, two.test.length]).toEqual([1, 1, 0]);
    // one machine: nothing to move
    expect(splitIds(['a'], 1).train).toEqual(['a']);
    // a split asked to hold nothing stays empty
    const none = splitIds(six, 1, { train: 0.8, validation: 0.2, test: 0 }, label);
    expect(none.test).toEqual([]);
  });

  it('rejects fractions that do not sum to 1', () => {
    expect(() => splitIds(ids, 1, { train: 0.5, validation: 0.2, test: 0.2 })).toThrow(
      /summing to 1/,
    );
  });
});

describe('emptySplitWarning', () => {
  it('names the empty splits and what to add, and is null when every split holds one', () => {
    expect(
      emptySplitWarning(
        { train: ['a', 'b', 'c', 'd'], validation: [], test: [] },
        4,
        'machines',
        'add some',
      ),
    ).toBe(
      'warning: the validation and test splits hold no machine (4 machines: 4 train, 0 validation, 0 test): ' +
        'train needs validation machines and evaluate test machines; add some',
    );
    expect(
      emptySplitWarning({ train: ['a'], validation: ['b'], test: [] }, 2, 'units', 'x'),
    ).toMatch(/^warning: the test split holds no unit \(2 units: 1 train, 1 validation, 0 test\)/);
    expect(
      emptySplitWarning({ train: ['a'], validation: [], test: [] }, 1, 'machines', 'x'),
    ).toMatch(/hold no machine \(1 machine: 1 train, 0 validation, 0 test\)/);
    expect(
      emptySplitWarning({ train: ['a'], validation: ['b'], test: ['c'] }, 3, 'units', 'x'),
    ).toBeNull();
  });
});

describe('missingClassWarning', () => {
  const splits = { train: ['a', 'b', 'c'], validation: ['d'], test: ['e', 'f'] };
  // one row per window; a machine's class is its first non-normal label
  const ids = ['a', 'a', 'b', 'c', 'd', 'e', 'e', 'f'];
  it('names the classes the validation or test split lacks', () => {
    const labels = [
      'normal',
      'ball',
      'inner_race',
      'normal',
      'ball',
      'normal',
      'inner_race',
      'normal',
    ];
    // classes: a ball, b inner_race, c normal, d ball, e inner_race, f normal
    expect(missingClassWarning(splits, ids, labels)).toBe(
      'warning: the validation split holds no machine of inner_race, normal (of 1 machine); ' +
        'the test split holds no machine of ball (of 2 machines): ' +
        'evaluate --split test cannot score the classes the test split lacks, and ' +
        'train chooses its thresholds and stops early without the classes validation lacks; more machines of each class fix that ' +
        '(recordings of one bearing at several loads are one machine: give them one machine value)',
    );
    const noTestBall = missingClassWarning(
      { ...splits, validation: ['d', 'e', 'f'], test: ['e'] },
      ids,
      labels,
    );
    expect(noTestBall).toMatch(
      /^warning: the test split holds no machine of ball, normal \(of 1 machine\): evaluate --split test cannot score the classes the test split lacks; more machines/,
    );
  });
  it('says nothing when every class reaches both, or without labels', () => {
    const labels = ['normal', 'normal', 'ball', 'ball', 'normal', 'ball', 'ball', 'normal'];
    // a normal, b ball, c ball, d normal, e ball, f normal
    expect(missingClassWarning(splits, ids, labels)).toMatch(
      /validation split holds no machine of ball/,
    );
    expect(missingClassWarning({ ...splits, validation: ['d', 'b'] }, ids, labels)).toBeNull();
    expect(
      missingClassWarning(
        splits,
        ids,
        ids.map(() => ''),
      ),
    ).toBeNull();
  });
});
