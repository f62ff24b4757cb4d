import { describe, expect, it } from 'vitest';
import type { BundleBody } from './bundle.js';
import {
  checkFeatures,
  parseBundle,
  sealBundle,
  serializeBundle,
  signBundle,
  verifyBundle,
} from './bundle.js';
import { canonicalJson } from './canonical-json.js';
import { generateKeyPair, loadPrivateKey, loadPublicKey } from './signing.js';

const body: BundleBody = {
  format: 'pdm-twin/model-bundle',
  formatVersion: 1,
  name: 'test',
  version: '1',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'pdm-twin test',
  features: { names: ['a', 'b', 'c'], units: ['g', 'g', ''], normalization: null },
  data: {
    fingerprint: 'sha256:00',
    rows: 10,
    machines: 2,
    timeUnit: 'h',
    horizon: 168,
    source: 'twin',
  },
  tasks: [
    {
      task: 'horizon',
      algo: 'gbdt',
      model: { trees: [1, 2] },
      inputs: ['a', 'b'],
      thresholds: { probability: 0.5 },
      validationMetrics: {},
      config: {},
    },
  ],
};

const keys = () => {
  const p = generateKeyPair();
  return { priv: loadPrivateKey(p.privateKeyPem, 'k'), pub: loadPublicKey(p.publicKeyPem, 'k') };
};

describe('canonical JSON', () => {
  it('sorts keys at every level and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,2]},"b":1}',
    );
    expect(canonicalJson({ x: Float32Array.from([0.5]) })).toBe('{"x":[0.5]}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/\$\.x: cannot encode NaN/);
  });
});

describe('model bundle', () => {
  it('round-trips through its text form with a content hash', () => {
    const b = sealBundle(body);
    expect(b.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const back = parseBundle(serializeBundle(b), 'm.json');
    expect(back.contentHash).toBe(b.contentHash);
    expect(back.tasks[0]!.inputs).toEqual(['a', 'b']);
    // saved by an editor that puts a byte-order mark first: the same bundle
    expect(parseBundle(`\uFEFF${serializeBundle(b)}`, 'm.json').contentHash).toBe(b.contentHash);
  });

  it('refuses a modified bundle', () => {
    const text = serializeBundle(sealBundle(body)).replace(
      '"probability":0.5',
      '"probability":0.1',
    );
    expect(() => parseBundle(text, 'm.json')).toThrow(/m\.json: content hash mismatch/);
    // keys the schema does not know would ride along unhashed and unsigned
    const sealed = JSON.parse(serializeBundle(sealBundle(body))) as Record<string, unknown>;
    expect(() => parseBundle(JSON.stringify({ ...sealed, runThis: 'x' }), 'm.json')).toThrow(
      /m\.json: unknown key\(s\) runThis: not part of the hashed and signed content/,
    );
    const tasks = sealed.tasks as Record<string, unknown>[];
    const withExtra = { ...sealed, tasks: [{ ...tasks[0], hook: 1 }, ...tasks.slice(1)] };
    expect(() => parseBundle(JSON.stringify(withExtra), 'm.json')).toThrow(
      /unknown key\(s\) tasks\.0\.hook/,
    );
    const data = { ...(sealed.data as object), note: 'x' };
    expect(() => parseBundle(JSON.stringify({ ...sealed, data }), 'm.json')).toThrow(
      /unknown key\(s\) data\.note/,
    );
    expect(() => parseBundle('{"format":1', 'm.json')).toThrow(/invalid JSON/);
    // other kinds of file are named, their bytes not quoted
    const onnx = Buffer.from([0x08, 0x08, 0x12, 0x08, 0x70, 0x64, 0x6d, 0x2d, 0xff, 0x01]);
    expect(() => parseBundle(onnx.toString('utf8'), 'm.onnx')).toThrow(
      /^m\.onnx: not a model bundle: it holds binary content \(an ONNX model, as export writes\?\); a bundle is the JSON file `pdm-twin train` writes$/,
    );
    expect(() => parseBundle('PAR1\u0015\u0004', 'f.parquet')).toThrow(/holds a Parquet table;/);
    expect(() => parseBundle('machine_id,time\n', 'f.csv')).toThrow(
      /holds text that is not a JSON object;/,
    );
    expect(() => parseBundle('  ', 'empty.json')).toThrow(/holds nothing;/);
    expect(() => parseBundle('{"format":"other"}', 'm.json')).toThrow(
      /not a valid pdm-twin\/model-bundle/,
    );
    // a dataset's manifest in its place says so
    expect(() =>
      parseBundle('{"kind":"dataset","splits":{},"files":{},"features":[]}', 'manifest.json'),
    ).toThrow(/^manifest\.json: is a dataset's manifest, not a model bundle/);
  });

  it('verifies a signature from a trusted key and refuses the rest', () => {
    const k1 = keys();
    const k2 = keys();
    const signed = parseBundle(
      serializeBundle(signBundle(sealBundle(body), k1.priv, k1.pub)),
      's.json',
    );
    expect(verifyBundle(signed, 's.json', { trusted: [k2.pub, k1.pub] })).toMatch(/^[0-9a-f]{16}$/);
    expect(() => verifyBundle(signed, 's.json', { trusted: [k2.pub] })).toThrow(
      /not among the trusted keys/,
    );
    const unsigned = sealBundle(body);
    expect(() => verifyBundle(unsigned, 'u.json', { trusted: [k1.pub] })).toThrow(/not signed/);
    expect(verifyBundle(unsigned, 'u.json', { trusted: [], requireSignature: false })).toBeNull();
    // a signature removed by hand (the key left out) reads as unsigned, not as corrupt
    const { signature: _dropped, ...withoutKey } = JSON.parse(serializeBundle(signed)) as Record<
      string,
      unknown
    >;
    const stripped = parseBundle(JSON.stringify(withoutKey), 'stripped.json');
    expect(stripped.signature).toBeNull();
    expect(() => verifyBundle(stripped, 'stripped.json', { trusted: [k1.pub] })).toThrow(
      /stripped\.json: the bundle is not signed/,
    );
    const forged = {
      ...signed,
      signature: {
        ...signed.signature!,
        value: signBundle(sealBundle({ ...body, name: 'x' }), k1.priv, k1.pub).signature!.value,
      },
    };
    expect(() => verifyBundle(forged, 'f.json', { trusted: [k1.pub] })).toThrow(
      /signature does not match/,
    );
    // Edits that Node's lenient base64 decoder would read as the same 64 bytes: characters
    // outside the alphabet, whitespace, padding dropped, the spare bits of the last character.
    const v = signed.signature!.value;
    expect(v).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    const last = v[85]!;
    const spare = 'AQgw'.includes(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : 'A';
    for (const edited of [
      `${v}!!!~~`,
      v.slice(0, 86),
      `${v.slice(0, 40)} \n${v.slice(40)}`,
      `${v.slice(0, 85)}${spare}==`,
    ]) {
      expect(Buffer.from(edited, 'base64').length).toBe(64);
      const b = { ...signed, signature: { ...signed.signature!, value: edited } };
      expect(() => verifyBundle(b, 'e.json', { trusted: [k1.pub] })).toThrow(
        /e\.json: the signature value is not the base64 of a 64-byte Ed25519 signature/,
      );
    }
  });

  it('refuses data that lacks the features a model needs', () => {
    const b = sealBundle(body);
    expect(() => {
      checkFeatures(b, ['a', 'c'], 'm.json');
    }).toThrow(/horizon model needs features the data lacks: b/);
    expect(() => {
      checkFeatures(b, ['b', 'a'], 'm.json');
    }).not.toThrow();
    // columns an import derives on request: the message says which request
    const derived = sealBundle({
      ...body,
      features: {
        names: ['s1', 's1_z', 'regime', 'age'],
        units: ['', '', '', ''],
        normalization: null,
      },
      tasks: [{ ...body.tasks[0]!, inputs: ['s1', 's1_z', 'regime', 'age'] }],
    });
    expect(() => {
      checkFeatures(derived, ['s1'], 'm.json');
    }).toThrow(
      /lacks: s1_z, regime, age; import it with --regimes-from TRAIN_DIR \(the model was trained on a table imported with --regimes\); import it with --age$/,
    );
    expect(() => {
      checkFeatures(derived, ['s1', 's1_z', 'regime'], 'm.json');
    }).toThrow(/lacks: age; import it with --age$/);
  });

  it('rejects keys that are not Ed25519', () => {
    expect(() => loadPublicKey('not a key', 'x.pub')).toThrow(
      /x\.pub: expected an Ed25519 public key/,
    );
  });
});

describe('a bundle text with a key twice', () => {
  it('is refused: readers differ on which of the two they keep', () => {
    const text = serializeBundle(sealBundle(body)).replace(
      '"probability":0.5',
      '"probability":0.01,"probability":0.5',
    );
    expect(text).toContain('"probability":0.01,');
    expect(() => parseBundle(text, 'm.json')).toThrow(
      /m\.json: key "probability" appears twice in tasks\.0\.thresholds/,
    );
  });
});
