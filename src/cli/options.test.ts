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

  it('refuses a quote that is not closed', () => {
    expect(() => nameList('"Torque, Nm,UDI')).toThrow(InvalidArgumentError);
    expect(() => nameList('"Torque, Nm,UDI')).toThrow(/a quote opened in .* is not closed/);
  });
});
