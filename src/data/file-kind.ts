/**
 * What a binary file named where text belongs is, from its first bytes, so that the error
 * says "a Parquet file" rather than quoting a parse failure on line 6 of its bytes.
 */

const SIGNATURES: readonly [string, number[]][] = [
  ['a Parquet file', [0x50, 0x41, 0x52, 0x31]], // PAR1
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['an HDF5 file (MATLAB v7.3)', [0x89, 0x48, 0x44, 0x46]],
  ['a MATLAB .mat file', [0x4d, 0x41, 0x54, 0x4c, 0x41, 0x42]], // MATLAB
  ['a gzip archive', [0x1f, 0x8b]],
  ['a zip archive (or an Excel .xlsx)', [0x50, 0x4b, 0x03, 0x04]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  // Excel's "Unicode text" and some loggers: readable once saved as UTF-8
  ['UTF-16 text (save it as UTF-8)', [0xff, 0xfe]],
  ['UTF-16 text (save it as UTF-8)', [0xfe, 0xff]],
];

/**
 * The kind of a file whose first bytes are `head` when it is not text: a known signature, or
 * "a binary file" for a NUL byte (which no CSV, YAML or JSON text holds); null for text.
 */
export function binaryFileKind(head: Uint8Array): string | null {
  for (const [kind, sig] of SIGNATURES) {
    if (head.length >= sig.length && sig.every((b, i) => head[i] === b)) return kind;
  }
  return head.includes(0) ? 'a binary file' : null;
}
