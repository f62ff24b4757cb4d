/** Tests for CSV writing and reading, including C-MAPSS-style whitespace-separated text. */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdmError } from '../core/errors.js';
import {
  CsvTableWriter,
  formatFloat32,
  formatFloat64,
  getCsvColumn,
  parseNumericColumn,
  readCsvFile,
  writeCsvFile,
} from './csv.js';
import { concatTables, getColumnData, tableFromColumns } from './table.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, text: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return err instanceof PdmError ? err.code : `not a PdmError: ${String(err)}`;
  }
  return undefined;
}

// Doubles whose shortest text is easy to get wrong; the expected strings are ECMAScript's
// Number::toString, the shortest decimal that reads back to the same double (-0 kept).
const TRICKY = [
  0.1 + 0.2,
  1e-300,
  -0,
  5e-324,
  Number.MAX_VALUE,
  1 / 3,
  123456789012345680000,
  -1.5,
];

describe('number formatting', () => {
  it('prints doubles in the shortest round-trip form', () => {
    expect(TRICKY.map(formatFloat64)).toEqual([
      '0.30000000000000004',
      '1e-300',
      '-0',
      '5e-324',
      '1.7976931348623157e+308',
      '0.3333333333333333',
      '123456789012345680000',
      '-1.5',
    ]);
    for (const v of TRICKY) expect(Object.is(Number(formatFloat64(v)), v)).toBe(true);
    expect(formatFloat64(NaN)).toBe('');
    expect(formatFloat64(-Infinity)).toBe('-Infinity');
  });

  it('prints float32 values with the fewest digits that read back to the same float32', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(3.4028234663852886e38))).toBe('3.4028235e+38');
    expect(formatFloat32(Math.fround(1e-45))).toBe('1e-45');
    expect(formatFloat32(Math.fround(3e-44))).toBe('3e-44');
    for (let i = 0; i < 2000; i++) {
      const v = Math.fround(Math.sin(i) * 10 ** ((i % 90) - 45));
      expect(Math.fround(Number(formatFloat32(v)))).toBe(v);
    }
  });
});

describe('writeCsvFile', () => {
  const table = tableFromColumns([
    { name: 'x', type: 'float64', data: new Float64Array([...TRICKY, NaN]) },
    { name: 'g', type: 'float32', data: new Float32Array([0.1, 1, 2, 3, 4, 5, 6, 7, NaN]) },
    { name: 'id', type: 'int32', data: new Int32Array([1, 2, 3, 4, 5, 6, 7, 8, -9]) },
    { name: 'ok', type: 'bool', data: new Uint8Array([1, 0, 1, 0, 1, 0, 1, 0, 1]) },
    {
      name: 'note, "quoted"',
      type: 'string',
      data: ['plain', '', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', 'ünï 😀', ' pad ', ';'],
    },
  ]);

  it('writes a header, quotes per RFC 4180 and prints numbers exactly', async () => {
    const path = join(dir, 'out.csv');
    await writeCsvFile(path, table);
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('x,g,id,ok,"note, ""quoted"""');
    expect(lines[1]).toBe('0.30000000000000004,0.1,1,true,plain');
    expect(lines[2]).toBe('1e-300,1,2,false,');
    expect(lines[3]).toBe('-0,2,3,true,"a,b"');
    expect(lines[4]).toBe('5e-324,3,4,false,"say ""hi"""');
    expect(text).toContain('"two\nlines"');
    expect(text.endsWith(',,-9,true,;\n')).toBe(true);
  });

  it("reads line 1 as names unless it is all numbers, with header 'auto'", async () => {
    const data = join(dir, 'auto-data.csv');
    await writeFile(data, '9,39,39,1.5e-3\n9,39,40,-0.25\n');
    const a = await readCsvFile(data, { header: 'auto' });
    expect(a.hasHeader).toBe(false);
    expect(a.names).toEqual(['col1', 'col2', 'col3', 'col4']);
    expect(a.rowCount).toBe(2);
    expect(Array.from(a.lines)).toEqual([1, 2]);
    const named = join(dir, 'auto-named.csv');
    await writeFile(named, 't,accel_g\n0,0.5\n');
    const b = await readCsvFile(named, { header: 'auto' });
    expect(b.hasHeader).toBe(true);
    expect(b.names).toEqual(['t', 'accel_g']);
    expect(b.rowCount).toBe(1);
    // spaces after the separators of a header line are not part of the names
    const spaced = join(dir, 'auto-spaced.csv');
    await writeFile(spaced, 'UDI, Product ID ,"Torque, Nm"\n1,L1,42.8\n');
    expect((await readCsvFile(spaced, { header: 'auto' })).names).toEqual([
      'UDI',
      'Product ID',
      'Torque, Nm',
    ]);
    // a first row of readings with a missing cell is still data
    const gappy = join(dir, 'auto-gappy.csv');
    await writeFile(gappy, '1,,NaN,4\n2,3,5,6\n');
    const g = await readCsvFile(gappy, { header: 'auto' });
    expect(g.hasHeader).toBe(false);
    expect(g.rowCount).toBe(2);
    // the same numeric first line as names is a clash, as it should be when asked for
    await expect(readCsvFile(data, { header: 'first' })).rejects.toThrow(
      /column name '39' appears twice/,
    );
  });

  it('reads back to the same values', async () => {
    const path = join(dir, 'roundtrip.csv');
    await writeCsvFile(path, table);
    const csv = await readCsvFile(path, { sep: ',' });
    expect(csv.names).toEqual(['x', 'g', 'id', 'ok', 'note, "quoted"']);
    expect(csv.rowCount).toBe(9);
    expect(Array.from(parseNumericColumn(csv, 'x'))).toStrictEqual([...TRICKY, NaN]);
    expect(Float32Array.from(parseNumericColumn(csv, 'g'))).toEqual(table.columns[1]!.data);
    expect(getCsvColumn(csv, 4).toArray()).toEqual(
      getColumnData(table, 'note, "quoted"', 'string').map(crlfToLf),
    );
  });

  it('keeps rows of a one-column table whose cells are empty', async () => {
    const path = join(dir, 'single.csv');
    await writeCsvFile(
      path,
      tableFromColumns([{ name: 'v', type: 'float64', data: new Float64Array([1, NaN, 2]) }]),
    );
    expect(await readFile(path, 'utf8')).toBe('v\n1\n""\n2\n');
    const back = parseNumericColumn(await readCsvFile(path), 'v');
    expect(Array.from(back)).toStrictEqual([1, NaN, 2]);
  });

  it('refuses a float32_list column before creating any file', async () => {
    const sub = await mkdtemp(join(dir, 'list-'));
    const withList = tableFromColumns([
      { name: 't', type: 'float64', data: new Float64Array(1) },
      { name: 'wave', type: 'float32_list', data: [new Float32Array(3)] },
    ]);
    await expect(writeCsvFile(join(sub, 'x.csv'), withList)).rejects.toThrow(
      "column 'wave' is a float32_list, which CSV cannot hold; write Parquet or leave the column out",
    );
    expect(await readdir(sub)).toEqual([]);
  });

  it('writes atomically: no temporary file left, missing folder reported', async () => {
    const sub = await mkdtemp(join(dir, 'atomic-'));
    await writeCsvFile(join(sub, 'a.csv'), table);
    expect(await readdir(sub)).toEqual(['a.csv']);
    expect(await codeOf(writeCsvFile(join(sub, 'nope', 'a.csv'), table))).toBe(
      'PDM_FILE_NOT_FOUND',
    );
  });

  it('writes a zero-row table as its header', async () => {
    const path = join(dir, 'empty.csv');
    await writeCsvFile(
      path,
      tableFromColumns([{ name: 'a', type: 'int32', data: new Int32Array(0) }]),
    );
    expect(await readFile(path, 'utf8')).toBe('a\n');
    const csv = await readCsvFile(path);
    expect(csv.names).toEqual(['a']);
    expect(csv.rowCount).toBe(0);
    expect(parseNumericColumn(csv, 'a').length).toBe(0);
  });
});

describe('CsvTableWriter (a file written in parts)', () => {
  it('writes the text of the parts joined, and refuses a part with other columns', async () => {
    const part = (from: number, n: number) =>
      tableFromColumns([
        { name: 'id', type: 'string', data: Array.from({ length: n }, (_, i) => `m,${from + i}`) },
        {
          name: 'x',
          type: 'float64',
          data: Float64Array.from({ length: n }, (_, i) => (from + i) / 3),
        },
      ]);
    const joined = join(dir, 'joined.csv');
    await writeCsvFile(joined, concatTables([part(0, 3), part(3, 0), part(3, 4)]));
    const sub = await mkdtemp(join(dir, 'parts-'));
    const path = join(sub, 'parts.csv');
    const w = await CsvTableWriter.open(path);
    for (const t of [part(0, 3), part(3, 0), part(3, 4)]) await w.append(t);
    await w.finish();
    expect(await readFile(path, 'utf8')).toBe(await readFile(joined, 'utf8'));
    expect((await readFile(path, 'utf8')).split('\n')[4]).toBe('"m,3",1');

    const bad = await CsvTableWriter.open(join(sub, 'bad.csv'));
    await bad.append(part(0, 2));
    const other = tableFromColumns([{ name: 'id', type: 'string', data: ['a'] }]);
    expect(await codeOf(bad.append(other))).toBe('PDM_INPUT_INVALID');
    expect(await readdir(sub)).toEqual(['parts.csv']);
  });
});

function crlfToLf(s: string): string {
  // a CR before a line feed inside a quoted field is read as part of the line end
  return s.replace(/\r\n/g, '\n');
}

describe('readCsvFile', () => {
  it('reads whitespace-separated text without a header, like C-MAPSS train_FD001.txt', async () => {
    // the first two rows of train_FD001.txt (unit, cycle, 3 settings, 21 sensors), spaces at
    // the ends of lines as in the original, plus CRLF, a blank line and no final newline
    const path = await fileWith(
      'train_FD001.txt',
      '1 1 -0.0007 -0.0004 100.0 518.67 641.82 1589.70 1400.60 14.62 21.61 554.36 2388.06 9046.19 1.30 47.47 521.66 2388.02 8138.62 8.4195 0.03 392 2388 100.00 39.06 23.4190  \r\n' +
        '\r\n' +
        '1 2 0.0019 -0.0003 100.0 518.67 642.15 1591.82 1403.14 14.62 21.61 553.75 2388.04 9044.07 1.30 47.49 522.28 2388.07 8131.49 8.4318 0.03 392 2388 100.00 39.00 23.4236  ',
    );
    const names = ['unit', 'cycle', 'set1', 'set2', 'set3'];
    for (let i = 1; i <= 21; i++) names.push(`s${i}`);
    const csv = await readCsvFile(path, { header: 'none', names });
    expect(csv.separator).toBe('whitespace');
    expect(csv.rowCount).toBe(2);
    expect(Array.from(csv.lines)).toEqual([1, 3]);
    expect(Array.from(parseNumericColumn(csv, 'cycle'))).toEqual([1, 2]);
    expect(Array.from(parseNumericColumn(csv, 's21'))).toEqual([23.419, 23.4236]);
    expect(Array.from(parseNumericColumn(csv, 'set1'))).toEqual([-0.0007, 0.0019]);

    const unnamed = await readCsvFile(path, { header: 'none' });
    expect(unnamed.names.slice(0, 3)).toEqual(['col1', 'col2', 'col3']);
    expect(unnamed.columns.length).toBe(26);
  });

  it('strips a UTF-8 BOM and handles CRLF line ends', async () => {
    const bytes = new TextEncoder().encode('\uFEFFtime,speed\r\n0,1500\r\n1,1501\r\n');
    const csv = await readCsvFile(await fileWith('bom.csv', bytes));
    expect(csv.names).toEqual(['time', 'speed']);
    expect(Array.from(parseNumericColumn(csv, 'speed'))).toEqual([1500, 1501]);
  });

  it('sniffs tab, semicolon with decimal commas, and comma separators', async () => {
    const tab = await readCsvFile(await fileWith('t.tsv', 'a\tb\n1\t2\n'));
    expect(tab.separator).toBe('\t');
    const semi = await readCsvFile(await fileWith('s.csv', 'zeit;wert\n0,5;1,25\n1,5;2\n'));
    expect(semi.separator).toBe(';');
    expect(Array.from(parseNumericColumn(semi, 'wert', { decimal: ',' }))).toEqual([1.25, 2]);
    const comma = await readCsvFile(await fileWith('c.csv', 'a,b\n1,"x;y"\n2,z\n'));
    expect(comma.separator).toBe(',');
    expect(getCsvColumn(comma, 'b').toArray()).toEqual(['x;y', 'z']);
  });

  it('parses quoted fields that hold separators, quotes and line breaks', async () => {
    const path = await fileWith('q.csv', 'id,text\n1,"a,b"\n2,"say ""hi"""\n3,"two\nlines"\n4,\n');
    const csv = await readCsvFile(path);
    expect(getCsvColumn(csv, 'text').toArray()).toEqual(['a,b', 'say "hi"', 'two\nlines', '']);
    expect(Array.from(csv.lines)).toEqual([2, 3, 4, 6]);
  });

  it('reports a bad cell as file:line:column (name) with its text', async () => {
    const path = await fileWith('bad.csv', 'time,temp\n0,20.5\n\n1,21x\n');
    const csv = await readCsvFile(path);
    expect(() => parseNumericColumn(csv, 'temp')).toThrow(
      `${path}:4:2 (temp): cannot read "21x" as a number`,
    );
    try {
      parseNumericColumn(csv, 1);
    } catch (err) {
      expect((err as PdmError).code).toBe('PDM_DATA_INVALID');
    }
  });

  it('accepts missing markers, infinities and spaces, and rejects hex and underscores', async () => {
    const path = await fileWith('num.csv', 'v\n1\n\nNA\n nan \n-inf\nInfinity\n 2.5e3 \n.5\n');
    const v = parseNumericColumn(await readCsvFile(path), 'v');
    expect(Array.from(v)).toStrictEqual([1, NaN, NaN, -Infinity, Infinity, 2500, 0.5]);
    for (const bad of ['0x10', '1_000', '1.2.3', '--1', 'e5', '12 kg']) {
      const csv = await readCsvFile(await fileWith('one.csv', `v\n${bad}\n`), { sep: ',' });
      expect(() => parseNumericColumn(csv, 'v')).toThrow(/one\.csv:2:1 \(v\)/);
    }
  });

  it('rejects ragged rows, unterminated quotes and duplicate names with file:line', async () => {
    const ragged = await fileWith('ragged.csv', 'a,b\n1,2\n3\n');
    await expect(readCsvFile(ragged)).rejects.toThrow(`${ragged}:3: expected 2 fields, found 1`);
    // one too many from a comma inside a cell: how to quote it, where the reader says (a
    // manifest), and nothing more in a data file
    const comma = await fileWith('comma.csv', 'file,variable\nx.mat,data(:,2)\n');
    await expect(readCsvFile(comma, { extraFieldsHint: 'quote it' })).rejects.toThrow(
      `${comma}:2: expected 2 fields, found 3 (quote it)`,
    );
    await expect(readCsvFile(comma)).rejects.toThrow(new RegExp(`:2: expected 2 fields, found 3$`));
    const quoted = await fileWith('quoted.csv', 'file,variable\nx.mat,"data(:,2)"\n');
    expect((await readCsvFile(quoted)).rowCount).toBe(1);
    const open = await fileWith('open.csv', 'a,b\n1,"unfinished\n2,3\n');
    await expect(readCsvFile(open)).rejects.toThrow(`${open}:2: quoted field is not closed`);
    const junk = await fileWith('junk.csv', 'a,b\n"x"y,1\n');
    expect(await codeOf(readCsvFile(junk))).toBe('PDM_DATA_INVALID');
    const dup = await fileWith('dup.csv', 'a,a\n1,2\n');
    await expect(readCsvFile(dup)).rejects.toThrow(/column name 'a' appears twice/);
    await expect(readCsvFile(dup)).rejects.toThrow(
      /name the columns yourself \(import table --names/,
    );
    await expect(readCsvFile(dup, { names: ['b', 'b'] })).rejects.toThrow(
      `names given for ${dup}: 'b' appears twice; give each column its own name`,
    );
    await expect(readCsvFile(dup, { names: ['a1', 'a2', 'a3'] })).rejects.toThrow(
      `${dup}:1: 3 names given (--names) but the line has 2 fields; name every column, in order`,
    );
    // a range that did not expand is named
    await expect(readCsvFile(dup, { names: ['a1..b2'] })).rejects.toThrow(
      /1 names given \(--names\) but the line has 2 fields; name every column, in order \(a1\.\.b2 was read as one name: a range of names is prefix and number at both ends, s1\.\.s21\)/,
    );
    const renamed = await readCsvFile(dup, { names: ['a1', 'a2'] });
    expect(renamed.names).toEqual(['a1', 'a2']);
    expect(renamed.rowCount).toBe(1);
  });

  it('reports a missing file and an unknown column', async () => {
    expect(await codeOf(readCsvFile(join(dir, 'missing.csv')))).toBe('PDM_FILE_NOT_FOUND');
    const csv = await readCsvFile(await fileWith('ab.csv', 'a,b\n1,2\n'));
    expect(() => getCsvColumn(csv, 'c')).toThrow(/has no column 'c'; columns: a, b/);
  });

  it('reads an empty file as no columns and no rows', async () => {
    const csv = await readCsvFile(await fileWith('blank.csv', ''));
    expect(csv.rowCount).toBe(0);
    expect(csv.columns).toEqual([]);
  });

  it('streams a large file across many read chunks and cell blocks', async () => {
    const rows = 60_000;
    let text = 'i,x,label\n';
    for (let i = 0; i < rows; i++) text += `${i},${formatFloat64(i / 7)},"r${i}, ok"\n`;
    const csv = await readCsvFile(await fileWith('big.csv', text));
    expect(csv.rowCount).toBe(rows);
    const x = parseNumericColumn(csv, 'x');
    expect(x[rows - 1]).toBe((rows - 1) / 7);
    expect(x[4096]).toBe(4096 / 7);
    expect(getCsvColumn(csv, 'label').cell(59_999)).toBe('r59999, ok');
    expect(csv.lines[rows - 1]).toBe(rows + 1);
  });
});
