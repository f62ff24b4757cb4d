import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { nameList } from './options.js';

describe('nameList', () => {
  it('splits on commas, trims, and drops empty entries', () => {
    expect(nameList(' UDI, Product ID,,Type ')).toEqual(['UDI', 'Product ID', 'Type']);
  });

  it('keeps a comma inside double quotes, and reads "" there as a quote', () => {
    expect(nameList('"Torque, Nm",UDI')).toEqual(['Torque, Nm', 'UDI']);
    expect(nameList(' "a ""b"", c" , d')).toEqual(['a "b", c', 'd']);
    // a quote inside an unquoted name is part of it
    expect(nameList('6" pipe,b')).toEqual(['6" pipe', 'b']);
  });

  it('expands numbered ranges, keeping a leading zero, and reads a quoted one as a name', () => {
    const cmapss = nameList('unit,cycle,op1..op3,s1..s21');
    expect(cmapss.length).toBe(26);
    expect(cmapss.slice(0, 6)).toEqual(['unit', 'cycle', 'op1', 'op2', 'op3', 's1']);
    expect(cmapss.at(-1)).toBe('s21');
    expect(nameList('s8..10')).toEqual(['s8', 's9', 's10']);
    expect(nameList('ch08..ch11')).toEqual(['ch08', 'ch09', 'ch10', 'ch11']);
    expect(nameList('x3..x3')).toEqual(['x3']);
    expect(nameList('"s1..s3",a')).toEqual(['s1..s3', 'a']);
    expect(nameList('s1..s012')).toEqual(
      Array.from({ length: 12 }, (_, k) => `s${String(k + 1).padStart(3, '0')}`),
    );
    expect(nameList('2021..2022')).toEqual(['2021', '2022']);
    // names with dots that are not ranges stay names: no number, other prefixes, huge numbers
    expect(nameList('T..max,v1.5,1.5..2.5,v1..w2')).toEqual([
      'T..max',
      'v1.5',
      '1.5..2.5',
      'v1..w2',
    ]);
    expect(nameList('x9007199254740993..x9007199254740995')).toEqual([
      'x9007199254740993..x9007199254740995',
    ]);
  });

  it('refuses a range that counts down or is implausibly long', () => {
    expect(() => nameList('s21..s1')).toThrow(/"s21\.\.s1": a range counts up \(s1\.\.s21\?\)/);
    expect(() => nameList('s1..s20000')).toThrow(/20000 names, more than 10000 in one range/);
  });

  it('refuses a quote that is not closed', () => {
    expect(() => nameList('"Torque, Nm,UDI')).toThrow(InvalidArgumentError);
    expect(() => nameList('"Torque, Nm,UDI')).toThrow(/a quote opened in .* is not closed/);
  });
});
