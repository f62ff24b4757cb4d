/** Tests for the column-oriented table and its builder. */
import { describe, expect, it } from 'vitest';
import { PdmError } from '../core/errors.js';
import {
  TableBuilder,
  concatTables,
  getColumn,
  getColumnData,
  rowCount,
  selectRows,
  tableFromColumns,
  tableSchema,
  type Table,
} from './table.js';

function sample(): Table {
  return tableFromColumns([
    { name: 't', type: 'float64', data: new Float64Array([0, 0.5, NaN]) },
    { name: 'g', type: 'float32', data: new Float32Array([1, 2, 3]) },
    { name: 'id', type: 'int32', data: new Int32Array([7, 8, 9]) },
    { name: 'ok', type: 'bool', data: new Uint8Array([1, 0, 1]) },
    { name: 'label', type: 'string', data: ['a', '', 'é'] },
    {
      name: 'wave',
      type: 'float32_list',
      data: [new Float32Array([1]), new Float32Array(0), new Float32Array([2, 3])],
    },
  ]);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof PdmError ? err.code : 'not a PdmError';
  }
  return undefined;
}

describe('tableFromColumns', () => {
  it('counts rows and reports the schema', () => {
    const table = sample();
    expect(rowCount(table)).toBe(3);
    expect(tableSchema(table).map((c) => c.type)).toEqual([
      'float64',
      'float32',
      'int32',
      'bool',
      'string',
      'float32_list',
    ]);
    expect(rowCount(tableFromColumns([]))).toBe(0);
  });

  it('names the column whose length differs', () => {
    expect(() =>
      tableFromColumns([
        { name: 'a', type: 'int32', data: new Int32Array(3) },
        { name: 'b', type: 'float64', data: new Float64Array(2) },
      ]),
    ).toThrow(/column 'b' has 2 rows but column 'a' has 3/);
  });

  it('rejects duplicate and empty names', () => {
    const a = { name: 'a', type: 'int32', data: new Int32Array(1) } as const;
    expect(() => tableFromColumns([a, a])).toThrow(/two columns named 'a'/);
    expect(codeOf(() => tableFromColumns([{ ...a, name: '' }]))).toBe('PDM_INPUT_INVALID');
  });
});

describe('getColumn', () => {
  it('finds columns and lists the available ones when missing', () => {
    const table = sample();
    expect(getColumn(table, 'id').data).toEqual(new Int32Array([7, 8, 9]));
    expect(() => getColumn(table, 'speed')).toThrow(
      "table has no column 'speed'; available columns: t, g, id, ok, label, wave",
    );
  });

  it('checks the type in getColumnData', () => {
    const table = sample();
    expect(getColumnData(table, 't', 'float64')).toBeInstanceOf(Float64Array);
    expect(() => getColumnData(table, 't', 'int32')).toThrow(/type float64, expected int32/);
  });
});

describe('concatTables', () => {
  it('appends rows of tables with the same schema', () => {
    const both = concatTables([sample(), sample()]);
    expect(rowCount(both)).toBe(6);
    expect(getColumnData(both, 'id', 'int32')).toEqual(new Int32Array([7, 8, 9, 7, 8, 9]));
    expect(getColumnData(both, 'label', 'string')).toEqual(['a', '', 'é', 'a', '', 'é']);
    expect(getColumnData(both, 'wave', 'float32_list').map((l) => l.length)).toEqual([
      1, 0, 2, 1, 0, 2,
    ]);
    expect(Number.isNaN(getColumnData(both, 't', 'float64')[5])).toBe(true);
  });

  it('rejects differing schemas and an empty list', () => {
    const other = tableFromColumns([{ name: 't', type: 'float32', data: new Float32Array(1) }]);
    expect(() => concatTables([sample(), other])).toThrow(/table 1 has schema \(t:float32\)/);
    expect(codeOf(() => concatTables([]))).toBe('PDM_INPUT_INVALID');
  });
});

describe('selectRows', () => {
  it('picks rows in the given order, repeats allowed', () => {
    const picked = selectRows(sample(), [2, 0, 2]);
    expect(getColumnData(picked, 'id', 'int32')).toEqual(new Int32Array([9, 7, 9]));
    expect(getColumnData(picked, 'ok', 'bool')).toEqual(new Uint8Array([1, 1, 1]));
    expect(getColumnData(picked, 'label', 'string')).toEqual(['é', 'a', 'é']);
    expect(getColumnData(picked, 'wave', 'float32_list')[0]).toEqual(new Float32Array([2, 3]));
    expect(rowCount(selectRows(sample(), []))).toBe(0);
  });

  it('names a bad index', () => {
    expect(() => selectRows(sample(), [0, 3])).toThrow(/indices\[1\] = 3 is not a row/);
    expect(() => selectRows(sample(), new Float64Array([0.5]))).toThrow(/indices\[0\] = 0.5/);
  });
});

describe('TableBuilder', () => {
  const schema = [
    { name: 't', type: 'float64' },
    { name: 'g', type: 'float32' },
    { name: 'id', type: 'int32' },
    { name: 'ok', type: 'bool' },
    { name: 'label', type: 'string' },
    { name: 'wave', type: 'float32_list' },
  ] as const;

  it('appends rows, growing past its initial capacity', () => {
    const builder = new TableBuilder(schema, 2);
    const buffer = new Float32Array([1, 2]);
    for (let i = 0; i < 1000; i++) {
      buffer[0] = i; // the builder copies lists, so reusing a buffer is safe
      builder.append({
        t: i * 0.1,
        g: i === 3 ? null : 0.1,
        id: i,
        ok: i % 2 === 0,
        label: `r${i}`,
        wave: i % 3 === 0 ? [] : buffer,
      });
    }
    const table = builder.build();
    expect(rowCount(table)).toBe(1000);
    expect(getColumnData(table, 't', 'float64')[999]).toBe(999 * 0.1);
    expect(Number.isNaN(getColumnData(table, 'g', 'float32')[3])).toBe(true);
    expect(getColumnData(table, 'g', 'float32')[4]).toBe(Math.fround(0.1));
    expect(getColumnData(table, 'ok', 'bool').subarray(0, 3)).toEqual(new Uint8Array([1, 0, 1]));
    expect(getColumnData(table, 'label', 'string')[42]).toBe('r42');
    const wave = getColumnData(table, 'wave', 'float32_list');
    expect(wave[0]!.length).toBe(0);
    expect(Array.from(wave[1]!)).toEqual([1, 2]);
    expect(Array.from(wave[2]!)).toEqual([2, 2]);
    expect(getColumnData(table, 'id', 'int32').length).toBe(1000);
  });

  it('rejects a bad row without changing any column', () => {
    const builder = new TableBuilder(schema);
    const good = { t: 1, g: 1, id: 1, ok: true, label: 'x', wave: [1] };
    builder.append(good);
    expect(() => {
      builder.append({ ...good, id: 1.5 });
    }).toThrow("column 'id' (int32) needs an integer in [-2^31, 2^31), got 1.5");
    expect(() => {
      builder.append({ ...good, ok: 1 });
    }).toThrow(/column 'ok' \(bool\) needs a boolean/);
    const missing: Record<string, unknown> = { ...good };
    delete missing['label'];
    expect(() => {
      builder.append(missing as typeof good);
    }).toThrow("row has no value for column 'label'");
    expect(builder.length).toBe(1);
    expect(rowCount(builder.build())).toBe(1);
  });

  it('builds column by column and checks equal lengths', () => {
    const builder = new TableBuilder([
      { name: 'a', type: 'int32' },
      { name: 'b', type: 'string' },
    ]);
    builder.push('a', 1);
    builder.push('a', 2);
    builder.push('b', 'x');
    expect(builder.length).toBe(1);
    expect(() => builder.build()).toThrow(/column 'b' has 1 rows but column 'a' has 2/);
    builder.push('b', 'y');
    expect(getColumnData(builder.build(), 'b', 'string')).toEqual(['x', 'y']);
    expect(() => {
      builder.push('c', 1);
    }).toThrow("builder has no column 'c'; available columns: a, b");
  });

  it('rejects a bad schema', () => {
    expect(
      codeOf(
        () =>
          new TableBuilder([
            { name: 'a', type: 'int32' },
            { name: 'a', type: 'bool' },
          ]),
      ),
    ).toBe('PDM_INPUT_INVALID');
  });

  it('builds an empty table with the declared schema', () => {
    const table = new TableBuilder(schema).build();
    expect(rowCount(table)).toBe(0);
    expect(tableSchema(table)).toEqual(schema);
  });
});
