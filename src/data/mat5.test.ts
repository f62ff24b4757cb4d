/**
 * Tests for the MAT-file reader. The files under fixtures/mat were written once by scipy.io.savemat
 * (fixtures/mat/make-fixtures.py, not run here); the expected values below are the literals and
 * formulas that script used. Big-endian files, doubles stored as miUINT8 (as MATLAB saves them)
 * and the broken files are built here byte by byte from the format description.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PdmError } from '../core/errors.js';
import { parseMat, readMatFile, type MatFile } from './mat5.js';
import {
  concat,
  element,
  encode,
  matFile,
  matrix,
  MI_COMPRESSED,
  MI_DOUBLE,
  MI_INT16,
  MI_INT32,
  MI_INT8,
  MI_MATRIX,
  MI_SINGLE,
  MI_UINT16,
  MI_UINT32,
  MI_UINT8,
} from '../../test/support/mat-file.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/mat/', import.meta.url));

function fixture(name: string): MatFile {
  return parseMat(readFileSync(FIXTURES + name), name);
}

/** The PdmError `run` throws. */
function failure(run: () => unknown): PdmError {
  try {
    run();
  } catch (err) {
    if (err instanceof PdmError) return err;
    throw err;
  }
  throw new Error('expected a PdmError, but nothing was thrown');
}

function values(array: Float64Array): number[] {
  return Array.from(array);
}

describe.each(['types.mat', 'types-compressed.mat'])('scipy fixture %s', (name) => {
  const mat = fixture(name);

  it('lists every variable flattened, with class, dimensions and complexity', () => {
    expect(mat.level).toBe(5);
    expect(mat.fileName).toBe(name);
    const listed = mat.variables.map((v) => `${v.name} ${v.className} ${v.dims.join('x')}`);
    expect(listed).toEqual([
      'col double 5x1',
      'row double 1x4',
      'f32 single 1x3',
      'i16 int16 1x5',
      'u8 uint8 1x4',
      'i32s int32 1x1',
      'u16 uint16 2x1',
      'i64 int64 1x2',
      'u64 uint64 1x2',
      'mat double 3x4',
      'cube double 2x2x2',
      'fs double 1x1',
      'flag logical 1x3',
      'label char 1x13',
      'umlaut char 1x20',
      'lines char 2x2',
      's.fs double 1x1',
      's.sig.de double 3x1',
      's.sig.name char 1x2',
      'sarr(1).a double 1x1',
      'sarr(1).b char 1x5',
      'sarr(2).a double 1x2',
      'sarr(2).b char 1x6',
      'c{1} double 2x1',
      'c{2} char 1x3',
      'c{3}{1} double 1x1',
      'z double 1x2',
      'empty double 0x0',
      'sp sparse 2x2',
    ]);
    expect(mat.variables.filter((v) => v.complex).map((v) => v.name)).toEqual(['z']);
  });

  it('reads float64 column and row vectors exactly, including 1e300 and -0', () => {
    const col = mat.numericVector('col');
    expect(values(col)).toEqual([1, -2.5, 3.25, 1e300, -0]);
    expect(Object.is(col[4], -0)).toBe(true);
    expect(values(mat.numericVector('row'))).toEqual([0.5, 1.5, 2.5, 3.5]);
  });

  it('converts float32 and integer classes to float64', () => {
    expect(values(mat.numericVector('f32'))).toEqual([1.5, -2.25, Math.fround(3.0e-3)]);
    expect(values(mat.numericVector('i16'))).toEqual([-32768, -1, 0, 1, 32767]);
    expect(values(mat.numericVector('u8'))).toEqual([0, 1, 128, 255]);
    expect(values(mat.numericVector('u16'))).toEqual([65535, 2]);
    expect(values(mat.numericVector('i64'))).toEqual([-(2 ** 53), 2 ** 53]);
    expect(values(mat.numericVector('u64'))).toEqual([0, 2 ** 53]);
    expect(mat.scalar('i32s')).toBe(-7);
  });

  it('reads scalars, logicals and empty arrays', () => {
    expect(mat.scalar('fs')).toBe(12000);
    expect(values(mat.numericVector('fs'))).toEqual([12000]);
    expect(values(mat.numericVector('flag'))).toEqual([1, 0, 1]);
    expect(mat.numericVector('empty')).toHaveLength(0);
    expect(failure(() => mat.scalar('row')).message).toBe(
      `${name}: variable 'row' holds 4 values (1x4); expected a scalar`,
    );
  });

  it('refuses a matrix as a vector but reads its columns and rows as name(:,k) / name(k,:)', () => {
    // mat[r, c] = 10 r + c (1-based), stored column-major.
    const err = failure(() => mat.numericVector('mat'));
    expect(err.code).toBe('PDM_DATA_INVALID');
    expect(err.message).toMatch(/variable 'mat' is a 3x4 double array, not a vector/);
    expect(err.message).toMatch(/mat\(:,k\) with k from 1 to 4/);
    expect(values(mat.numericVector('mat(:,2)'))).toEqual([12, 22, 32]);
    expect(values(mat.numericVector('mat( 3 , : )'))).toEqual([31, 32, 33, 34]);
    expect(failure(() => mat.numericVector('mat(:,5)')).message).toMatch(
      /'mat\(:,5\)' is outside variable 'mat', which is 3x4; pick a column from 1 to 4/,
    );
    expect(failure(() => mat.numericVector('cube')).message).toMatch(/2x2x2 double array/);
    expect(failure(() => mat.numericVector('cube(:,1)')).message).toMatch(/only 2-D arrays/);
  });

  it('reads char arrays as text (UTF-8 and char matrices)', () => {
    expect(mat.text('label')).toBe('Drive end 12k');
    expect(mat.text('umlaut')).toBe('Kugellager Außenring');
    expect(mat.text('lines')).toBe('ab\ncd');
    expect(failure(() => mat.numericVector('label')).message).toMatch(
      /variable 'label' is a 1x13 char array; expected numbers, not text/,
    );
    expect(failure(() => mat.text('fs')).message).toMatch(/expected a char array/);
  });

  it('flattens structs, struct arrays and cells with MATLAB names', () => {
    expect(mat.scalar('s.fs')).toBe(48000);
    expect(values(mat.numericVector('s.sig.de'))).toEqual([0.25, 0.5, 0.75]);
    expect(mat.text('s.sig.name')).toBe('DE');
    expect(mat.scalar('sarr(1).a')).toBe(1);
    expect(values(mat.numericVector('sarr(2).a'))).toEqual([2, 3]);
    expect(mat.text('sarr(2).b')).toBe('second');
    expect(values(mat.numericVector('c{1}'))).toEqual([1.5, 2.5]);
    expect(mat.text('c{2}')).toBe('txt');
    expect(mat.scalar('c{3}{1}')).toBe(7);
  });

  it('refuses complex and sparse variables only when they are selected', () => {
    expect(failure(() => mat.numericVector('z')).message).toBe(
      `${name}: variable 'z' is a 1x2 complex double array; pdm-twin reads real signals: save real(x) or abs(x) instead`,
    );
    expect(failure(() => mat.numericVector('sp')).message).toMatch(
      /variable 'sp' is a 2x2 sparse array; sparse matrices are not supported: save full\(x\)/,
    );
  });

  it('names the available variables when one is missing', () => {
    const err = failure(() => mat.numericVector('X097_DE_time'));
    expect(err.code).toBe('PDM_DATA_INVALID');
    expect(err.message).toMatch(
      // by size: mat 3x4, cube 2x2x2, col 5, i16 5, row 4, ..., text and one-number leaves last
      new RegExp(
        `^${name}: has no variable 'X097_DE_time'; available, the longest numeric first: mat, cube, col, i16, row, `,
      ),
    );
    expect(err.message).toMatch(/\(9 more\)$/);
  });

  it('selects an exact name before trying it as a regular expression', () => {
    expect(mat.findVariables('fs')).toEqual(['fs']);
    expect(mat.findVariables('\\.fs$')).toEqual(['s.fs']);
    expect(mat.findVariables('^c\\{')).toEqual(['c{1}', 'c{2}', 'c{3}{1}']);
    expect(mat.findVariables('mat(:,2)')).toEqual(['mat(:,2)']);
  });
});

describe('a CWRU-like recording (scipy, compressed)', () => {
  const mat = fixture('cwru-like.mat');
  // The formulas of make-fixtures.py: 30 Hz and 40 Hz tones at 12 kHz, dyadically quantised.
  const de = Float64Array.from(
    { length: 12000 },
    (_, k) => Math.round(2048 * Math.sin((2 * Math.PI * k) / 400)) / 2048,
  );
  const fe = Float64Array.from(
    { length: 12000 },
    (_, k) => Math.round(1024 * Math.cos((2 * Math.PI * k) / 300)) / 1024,
  );

  it('reads 12,000-sample channels exactly and the RPM scalar', () => {
    expect(mat.variables.map((v) => v.name)).toEqual(['X097_DE_time', 'X097_FE_time', 'X097RPM']);
    expect(mat.numericVector('X097_DE_time')).toEqual(de);
    expect(mat.numericVector('X097_FE_time')).toEqual(fe);
    expect(mat.scalar('X097RPM')).toBe(1796);
  });

  it('selects variables by regular expression, case-sensitively', () => {
    expect(mat.findVariables('_DE_time$')).toEqual(['X097_DE_time']);
    expect(mat.findVariables(/_time$/g)).toEqual(['X097_DE_time', 'X097_FE_time']);
    expect(mat.findVariables('x097rpm')).toEqual([]);
    expect(mat.selectVariable('RPM$')).toBe('X097RPM');
    expect(mat.selectVariable(/DE_time/)).toBe('X097_DE_time');
  });

  it('reports no match or several matches, naming them', () => {
    expect(failure(() => mat.selectVariable('X097')).message).toBe(
      "cwru-like.mat: has 3 variables matching 'X097' (X097_DE_time, X097_FE_time, X097RPM); make the pattern match one: name it exactly (X097_DE_time), or anchor it with ^ and $",
    );
    expect(failure(() => mat.selectVariable('^X097_.._time$')).message).toMatch(
      /make the pattern match one: name it exactly \(X097_DE_time\)$/,
    );
    expect(failure(() => mat.selectVariable('_BA_time$')).message).toBe(
      "cwru-like.mat: has no variable named or matching the regular expression '_BA_time$'; available, the longest numeric first: X097_DE_time, X097_FE_time, X097RPM",
    );
    // A struct field written as MATLAB writes it is a regular expression with special characters
    expect(failure(() => mat.selectVariable('Y(7).Data')).message).toContain(
      "'Y(7).Data' (as a regular expression ( ) [ ] { } and . are special: to match them as written, escape them, Y\\(7\\)\\.Data$)",
    );
    // escaped already, or anchored: nothing to add, and no second $
    expect(failure(() => mat.selectVariable('Y\\(6\\)\\.Data$')).message).not.toContain(
      'escape them',
    );
    expect(failure(() => mat.selectVariable('Y(6).Data$')).message).toContain(
      'escape them, Y\\(6\\)\\.Data$)',
    );
    const bad = failure(() => mat.findVariables('X097['));
    expect(bad.code).toBe('PDM_INPUT_INVALID');
    expect(bad.message).toMatch(/'X097\[' is neither a variable of cwru-like\.mat nor a valid/);
  });
});

describe('level 4 files', () => {
  it('reads a scipy level-4 file (little-endian, no text header)', () => {
    const mat = fixture('v4.mat');
    expect(mat.level).toBe(4);
    expect(mat.variables).toEqual([
      { name: 'v', className: 'double', dims: [3, 1], complex: false },
      { name: 'm', className: 'double', dims: [2, 3], complex: false },
    ]);
    expect(values(mat.numericVector('v'))).toEqual([1, 2, 4]);
    expect(values(mat.numericVector('m(:,3)'))).toEqual([3, 6]);
    expect(values(mat.numericVector('m(2,:)'))).toEqual([4, 5, 6]);
  });

  it('reads a big-endian single-precision level-4 matrix', () => {
    // MOPT 1010: M=1 big-endian IEEE, O=0, P=1 single, T=0 numeric.
    const header = encode(false, MI_INT32, [1010, 1, 2, 0, 2]);
    const bytes = concat([header, new Uint8Array([0x78, 0]), encode(false, MI_SINGLE, [1.5, -2])]);
    const mat = parseMat(bytes, 'be4.mat');
    expect(mat.variables).toEqual([
      { name: 'x', className: 'double', dims: [1, 2], complex: false },
    ]);
    expect(values(mat.numericVector('x'))).toEqual([1.5, -2]);
  });

  it('reports a truncated level-4 matrix with its offset', () => {
    const bytes = readFileSync(FIXTURES + 'v4.mat');
    // 'v' is 20 header bytes, 'v\0' and 3 doubles: 46 bytes; 'm' follows at byte 46.
    expect(failure(() => parseMat(bytes.subarray(0, 40), 'v4.mat')).message).toBe(
      'v4.mat: is truncated: the level-4 matrix at byte 0 needs 46 bytes, but only 40 remain',
    );
    expect(failure(() => parseMat(bytes.subarray(0, 60), 'v4.mat')).message).toBe(
      'v4.mat: is truncated: expected a 20-byte level-4 matrix header at byte 46, but only 14 bytes remain',
    );
  });
});

describe('hand-made level-5 files in both byte orders', () => {
  function build(le: boolean): Uint8Array {
    const compressed = deflateSync(
      matrix(le, {
        classCode: 6,
        dims: [1, 3],
        name: 'zipped',
        parts: [element(le, MI_DOUBLE, encode(le, MI_DOUBLE, [0.1, 0.2, 0.3]))],
      }),
    );
    return matFile(le, [
      // MATLAB stores doubles that are small integers as miUINT8 / miINT16.
      matrix(le, {
        classCode: 6,
        dims: [3, 1],
        name: 'dbl_u8',
        parts: [element(le, MI_UINT8, encode(le, MI_UINT8, [1, 2, 255]))],
      }),
      matrix(le, {
        classCode: 6,
        dims: [1, 2],
        name: 'dbl_i16',
        parts: [element(le, MI_INT16, encode(le, MI_INT16, [-300, 5]))],
      }),
      // Name and data both in small data elements.
      matrix(le, {
        classCode: 8,
        dims: [1, 1],
        name: 'i8',
        parts: [element(le, MI_INT8, encode(le, MI_INT8, [-5]))],
      }),
      matrix(le, {
        classCode: 7,
        dims: [1, 2],
        name: 'sgl',
        parts: [element(le, MI_SINGLE, encode(le, MI_SINGLE, [0.5, -1.25]))],
      }),
      matrix(le, {
        classCode: 9,
        flags: 0x200,
        dims: [1, 2],
        name: 'ok',
        parts: [element(le, MI_UINT8, encode(le, MI_UINT8, [0, 1]))],
      }),
      // Text as MATLAB writes it: UTF-16 code units in miUINT16.
      matrix(le, {
        classCode: 4,
        dims: [1, 2],
        name: 'txt',
        parts: [element(le, MI_UINT16, encode(le, MI_UINT16, [0x48, 0x69]))],
      }),
      matrix(le, {
        classCode: 2,
        dims: [1, 1],
        name: 'st',
        parts: [
          element(le, MI_INT32, encode(le, MI_INT32, [8])),
          element(le, MI_INT8, new TextEncoder().encode('v\0\0\0\0\0\0\0')),
          matrix(le, {
            classCode: 6,
            dims: [1, 1],
            name: '',
            parts: [element(le, MI_DOUBLE, encode(le, MI_DOUBLE, [42]))],
          }),
        ],
      }),
      // An old-style object: a struct with a class name.
      matrix(le, {
        classCode: 3,
        dims: [1, 1],
        name: 'obj',
        parts: [
          element(le, MI_INT8, new TextEncoder().encode('Motor')),
          element(le, MI_INT32, encode(le, MI_INT32, [8])),
          element(le, MI_INT8, new TextEncoder().encode('rpm\0\0\0\0\0')),
          matrix(le, {
            classCode: 6,
            dims: [1, 1],
            name: '',
            parts: [element(le, MI_DOUBLE, encode(le, MI_DOUBLE, [1480]))],
          }),
        ],
      }),
      element(le, MI_COMPRESSED, compressed, false),
      // A MATLAB string: an MCOS object, which has no dimensions but a type system and class.
      element(
        le,
        MI_MATRIX,
        concat([
          element(le, MI_UINT32, encode(le, MI_UINT32, [17, 0])),
          element(le, MI_INT8, new TextEncoder().encode('str')),
          element(le, MI_INT8, new TextEncoder().encode('MCOS')),
          element(le, MI_INT8, new TextEncoder().encode('string')),
          matrix(le, {
            classCode: 13,
            dims: [6, 1],
            name: '',
            parts: [element(le, MI_UINT32, encode(le, MI_UINT32, [0xdd000000, 2, 1, 1, 1, 1]))],
          }),
        ]),
      ),
      // The nameless subsystem array MATLAB appends for MCOS objects is not a variable.
      matrix(le, {
        classCode: 9,
        dims: [1, 8],
        name: '',
        parts: [element(le, MI_UINT8, new Uint8Array(8))],
      }),
    ]);
  }

  it.each([
    ['little-endian', true],
    ['big-endian', false],
  ])('%s: converts every storage type to float64', (_, le) => {
    const mat = parseMat(build(le), 'hand.mat');
    expect(mat.variables.map((v) => `${v.name} ${v.className} ${v.dims.join('x')}`)).toEqual([
      'dbl_u8 double 3x1',
      'dbl_i16 double 1x2',
      'i8 int8 1x1',
      'sgl single 1x2',
      'ok logical 1x2',
      'txt char 1x2',
      'st.v double 1x1',
      'obj.rpm double 1x1',
      'zipped double 1x3',
      'str opaque ',
    ]);
    expect(values(mat.numericVector('dbl_u8'))).toEqual([1, 2, 255]);
    expect(values(mat.numericVector('dbl_i16'))).toEqual([-300, 5]);
    expect(mat.scalar('i8')).toBe(-5);
    expect(values(mat.numericVector('sgl'))).toEqual([0.5, -1.25]);
    expect(values(mat.numericVector('ok'))).toEqual([0, 1]);
    expect(mat.text('txt')).toBe('Hi');
    expect(mat.scalar('st.v')).toBe(42);
    expect(mat.scalar('obj.rpm')).toBe(1480);
    expect(values(mat.numericVector('zipped'))).toEqual([0.1, 0.2, 0.3]);
    expect(failure(() => mat.numericVector('str')).message).toBe(
      "hand.mat: variable 'str' is a MATLAB object of class string; this kind of variable is not supported: save its numbers as a double array instead",
    );
  });

  it('names the variable, offset and expected size when data and dimensions disagree', () => {
    const bytes = matFile(true, [
      matrix(true, {
        classCode: 6,
        dims: [3, 1],
        name: 'short',
        parts: [element(true, MI_DOUBLE, encode(true, MI_DOUBLE, [1, 2]))],
      }),
    ]);
    expect(failure(() => parseMat(bytes, 'bad.mat')).message).toBe(
      "bad.mat: variable 'short': the real part at byte 184 holds 16 bytes of miDOUBLE; its 3 values need 24",
    );
  });

  it('rejects an unknown array class and an unknown version', () => {
    const badClass = matFile(true, [
      matrix(true, { classCode: 0x1f, dims: [1, 1], name: 'q', parts: [] }),
    ]);
    expect(failure(() => parseMat(badClass, 'bad.mat')).message).toBe(
      'bad.mat: has unknown array class 31 at byte 144; expected 1 to 17',
    );
    expect(failure(() => parseMat(matFile(false, [], 0x0300), 'ver.mat')).message).toBe(
      'ver.mat: has MAT-file version 0x0300 at byte 124; expected 0x0100 (level 5)',
    );
  });
});

describe('files the reader refuses', () => {
  it('refuses a v7.3 (HDF5) MAT-file and says how to convert it', () => {
    const bytes = new Uint8Array(1024);
    const text = 'MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 .';
    bytes.set(new TextEncoder().encode(text));
    new DataView(bytes.buffer).setUint16(124, 0x0200, true);
    bytes.set(new TextEncoder().encode('IM'), 126);
    bytes.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512);
    const err = failure(() => parseMat(bytes, 'rec73.mat'));
    expect(err.code).toBe('PDM_DATA_INVALID');
    expect(err.message).toMatch(/^rec73\.mat: is a MATLAB v7\.3 MAT-file, which is an HDF5 file/);
    expect(err.message).toMatch(/save\(file, '-v7'\)/);
    expect(err.message).toMatch(/scipy\.io\.savemat/);
    // The HDF5 signature alone is enough, at byte 512 (after the MAT header) or at byte 0.
    bytes.fill(0x20, 0, 116);
    expect(failure(() => parseMat(bytes, 'a.mat')).message).toMatch(/v7\.3/);
    expect(failure(() => parseMat(bytes.subarray(512), 'b.mat')).message).toMatch(/v7\.3/);
  });

  it('reports a truncated file with the offset of the cut element', () => {
    const whole = readFileSync(FIXTURES + 'types.mat');
    const err = failure(() => parseMat(whole.subarray(0, 1000), 'types.mat'));
    expect(err.code).toBe('PDM_DATA_INVALID');
    expect(err.message).toMatch(
      /^types\.mat: is truncated or corrupt: the miMATRIX element at byte \d+ declares \d+ bytes, but only \d+ remain$/,
    );
    const zipped = readFileSync(FIXTURES + 'types-compressed.mat');
    expect(failure(() => parseMat(zipped.subarray(0, 500), 'z.mat')).message).toMatch(
      /^z\.mat: is truncated or corrupt: the miCOMPRESSED element at byte \d+ declares/,
    );
    expect(failure(() => parseMat(whole.subarray(0, 100), 'head.mat')).message).toBe(
      'head.mat: is truncated: the 128-byte MAT-file header ends at byte 100',
    );
  });

  it('reports compressed data that does not inflate', () => {
    const bytes = matFile(true, [element(true, MI_COMPRESSED, new Uint8Array(12).fill(7), false)]);
    expect(failure(() => parseMat(bytes, 'junk.mat')).message).toMatch(
      /^junk\.mat: the compressed element at byte 128 does not inflate: /,
    );
  });

  it('refuses files that are not MAT-files', () => {
    const csv = new TextEncoder().encode('time,value\n0,1.5\n0.1,2.5\n');
    expect(failure(() => parseMat(csv, 'rec.csv')).message).toBe(
      'rec.csv: is not a MAT-file: expected a 128-byte header with text such as "MATLAB 5.0 MAT-file" and ' +
        `'IM' or 'MI' at byte 126 (level 5), or a level-4 matrix header; it begins "time,value\\n0,1.5\\n0.1,2.5"`,
    );
    expect(failure(() => parseMat(new Uint8Array(0), 'empty.mat')).code).toBe('PDM_DATA_INVALID');
    expect(failure(() => parseMat(new Uint8Array(300), 'zeros.mat')).message).toMatch(
      /is not a MAT-file/,
    );
  });
});

describe('readMatFile', () => {
  it('reads a file from disk', async () => {
    const mat = await readMatFile(FIXTURES + 'cwru-like.mat');
    expect(mat.fileName).toBe(FIXTURES + 'cwru-like.mat');
    expect(mat.scalar('X097RPM')).toBe(1796);
  });

  it('reports a missing file as PDM_FILE_NOT_FOUND', async () => {
    await expect(readMatFile(FIXTURES + 'missing.mat')).rejects.toMatchObject({
      code: 'PDM_FILE_NOT_FOUND',
      message: expect.stringMatching(/missing\.mat/) as unknown,
    });
  });
});
