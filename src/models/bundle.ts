/**
 * The model bundle: everything an edge node needs to run a model, in one JSON document.
 * Features (names, order, units, normalisation), one model per task with its classes and
 * thresholds, where the training data came from (a fingerprint), validation metrics, a
 * content hash over the canonical JSON of all that, and an Ed25519 signature of the hash.
 * A bundle that is corrupt, unsigned when a signature is required, signed by an untrusted
 * key, or made for other features is refused with a coded error.
 */
import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { PdmError } from '../core/errors.js';
import { duplicateJsonKey } from '../core/json.js';
import { canonicalJson } from './canonical-json.js';
import { keyId, signBytes, signatureBytes, verifyBytes } from './signing.js';

export const BUNDLE_FORMAT = 'pdm-twin/model-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const TASKS = ['fault', 'horizon', 'rul', 'anomaly'] as const;
export type Task = (typeof TASKS)[number];

const TaskModelSchema = z.object({
  task: z.enum(TASKS),
  algo: z.string().min(1),
  /** The learner's own serialisation (trees, network weights, ...). */
  model: z.unknown(),
  /** Input feature names in the order the model expects (a subset of bundle.features). */
  inputs: z.array(z.string()).min(1),
  classes: z.array(z.string()).optional(),
  /** Decision thresholds (horizon probability, anomaly score, ...). */
  thresholds: z.record(z.string(), z.number()).default({}),
  validationMetrics: z.record(z.string(), z.unknown()).default({}),
  config: z.record(z.string(), z.unknown()).default({}),
});

export const BundleBodySchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  name: z.string().min(1),
  version: z.string().min(1),
  createdAt: z.string(),
  createdBy: z.string(),
  features: z.object({
    names: z.array(z.string()).min(1),
    units: z.array(z.string()),
    normalization: z.unknown(),
    /** Codes of categorical inputs as learnt: value -> its index (models/categories.ts). */
    categories: z.record(z.string(), z.array(z.string())).optional(),
  }),
  data: z.object({
    fingerprint: z.string(),
    rows: z.number(),
    machines: z.number(),
    timeUnit: z.string(),
    horizon: z.number(),
    source: z.string(),
  }),
  tasks: z.array(TaskModelSchema).min(1),
});

export type BundleBody = z.infer<typeof BundleBodySchema>;
export type TaskModel = z.infer<typeof TaskModelSchema>;

export interface Signature {
  readonly alg: 'ed25519';
  readonly keyId: string;
  readonly value: string;
}

export interface Bundle extends BundleBody {
  readonly contentHash: string;
  readonly signature: Signature | null;
}

export function contentHash(body: BundleBody): string {
  return `sha256:${createHash('sha256').update(canonicalJson(body)).digest('hex')}`;
}

/** Seals a body with its content hash (unsigned). */
export function sealBundle(body: BundleBody): Bundle {
  return { ...body, contentHash: contentHash(body), signature: null };
}

export function signBundle(b: Bundle, privateKey: KeyObject, publicKey: KeyObject): Bundle {
  return {
    ...b,
    signature: {
      alg: 'ed25519',
      keyId: keyId(publicKey),
      value: signBytes(privateKey, new TextEncoder().encode(b.contentHash)),
    },
  };
}

function bodyOf(b: Bundle): BundleBody {
  const { contentHash, signature, ...body } = b;
  return body;
}

/** Whether a text's first 64 characters hold control bytes or undecodable ones (binary). */
function binaryStart(text: string): boolean {
  for (let i = 0; i < Math.min(64, text.length); i++) {
    const code = text.charCodeAt(i);
    if (code <= 8 || (code >= 14 && code <= 31) || code === 0xfffd) return true;
  }
  return false;
}

/**
 * Parses and checks a bundle document: structure, then the content hash. `source` names the
 * file in messages.
 */
export function parseBundle(file: string, source: string): Bundle {
  // a byte-order mark (an editor's) is not part of the JSON the hash covers
  const text = file.replace(/^\uFEFF/, '');
  // Another kind of file given as a bundle is named, not quoted: its bytes would say nothing.
  const head = text.trimStart();
  if (!head.startsWith('{')) {
    const kind = head.startsWith('PAR1')
      ? 'a Parquet table'
      : binaryStart(head)
        ? 'binary content (an ONNX model, as export writes?)'
        : head === ''
          ? 'nothing'
          : 'text that is not a JSON object';
    throw new PdmError(
      'PDM_BUNDLE_CORRUPT',
      `${source}: not a model bundle: it holds ${kind}; a bundle is the JSON file \`pdm-twin train\` writes`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PdmError(
      'PDM_BUNDLE_CORRUPT',
      `${source}: not a model bundle (invalid JSON: ${(err as Error).message})`,
      { cause: err },
    );
  }
  // Equal keys in one object: this reader would take the last, others the first (a threshold
  // of 0.01 read by one runtime, 0.75 by another), and the hash covers only what JSON.parse kept.
  const dup = duplicateJsonKey(text);
  if (dup !== null)
    throw new PdmError(
      'PDM_BUNDLE_CORRUPT',
      `${source}: key "${dup.key}" appears twice in ${dup.path === '' ? 'the top-level object' : dup.path}; a bundle never holds a key twice, so it was modified`,
    );
  const r = z
    .object({
      contentHash: z.string(),
      // Unsigned: null, as train --unsigned writes it, or the key left out (a signature removed
      // by hand); the content hash still covers everything else.
      signature: z
        .object({ alg: z.literal('ed25519'), keyId: z.string(), value: z.string() })
        .nullable()
        .default(null),
    })
    .loose()
    .safeParse(raw);
  const body = BundleBodySchema.safeParse(raw);
  // A dataset's manifest.json named where a bundle belongs
  if (typeof raw === 'object' && raw !== null && 'splits' in raw && 'files' in raw)
    throw new PdmError(
      'PDM_BUNDLE_CORRUPT',
      `${source}: is a dataset's manifest, not a model bundle (${BUNDLE_FORMAT}); name the bundle train wrote (--out of train)`,
    );
  if (!r.success || !body.success) {
    const issue = (r.error ?? body.error)?.issues[0];
    const where =
      issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    throw new PdmError(
      'PDM_BUNDLE_CORRUPT',
      `${source}: not a valid ${BUNDLE_FORMAT} v${BUNDLE_FORMAT_VERSION} document${where}`,
    );
  }
  // Keys outside the schema would ride along unhashed and unsigned: refuse them.
  const extra = (obj: unknown, known: readonly string[]) =>
    Object.keys(obj as object).filter((k) => !known.includes(k));
  const top = extra(raw, [...Object.keys(BundleBodySchema.shape), 'contentHash', 'signature']);
  const nested = (['features', 'data'] as const).flatMap((k) =>
    extra((raw as Record<string, unknown>)[k], Object.keys(BundleBodySchema.shape[k].shape)).map(
      (x) => `${k}.${x}`,
    ),
  );
  const inTasks = (raw as { tasks: unknown[] }).tasks.flatMap((t, i) =>
    extra(t, Object.keys(TaskModelSchema.shape)).map((k) => `tasks.${i}.${k}`),
  );
  const unknown = [...top, ...nested, ...inTasks];
  if (unknown.length > 0) {
    throw new PdmError(
      'PDM_BUNDLE_CORRUPT',
      `${source}: unknown key(s) ${unknown.join(', ')}: not part of the hashed and signed content, so the bundle was modified`,
    );
  }
  const bundle: Bundle = {
    ...body.data,
    contentHash: r.data.contentHash,
    signature: r.data.signature,
  };
  const expected = contentHash(bodyOf({ ...bundle }));
  if (expected !== bundle.contentHash) {
    throw new PdmError(
      'PDM_BUNDLE_CORRUPT',
      `${source}: content hash mismatch (file says ${bundle.contentHash}, content is ${expected}): the bundle was modified or damaged`,
    );
  }
  return bundle;
}

/** Serialises a bundle (pretty JSON; the hash covers the canonical form, not this text). */
export function serializeBundle(b: Bundle): string {
  return `${JSON.stringify(b)}\n`;
}

export interface VerifyOptions {
  /** Public keys trusted to sign bundles. */
  readonly trusted: readonly KeyObject[];
  /** Refuse unsigned bundles (default true). */
  readonly requireSignature?: boolean;
}

/** Checks the signature of a parsed bundle; returns the signer's key id (or null if unsigned and allowed). */
export function verifyBundle(b: Bundle, source: string, o: VerifyOptions): string | null {
  if (b.signature === null) {
    if (o.requireSignature === false) return null;
    throw new PdmError(
      'PDM_BUNDLE_SIGNATURE',
      `${source}: the bundle is not signed, and a signature is required`,
    );
  }
  const sig = b.signature;
  const key = o.trusted.find((k) => keyId(k) === sig.keyId);
  if (key === undefined) {
    throw new PdmError(
      'PDM_BUNDLE_SIGNATURE',
      `${source}: signed by key ${sig.keyId}, which is not among the trusted keys (${o.trusted.map(keyId).join(', ') || 'none'})`,
    );
  }
  if (signatureBytes(sig.value) === null) {
    throw new PdmError(
      'PDM_BUNDLE_SIGNATURE',
      `${source}: the signature value is not the base64 of a 64-byte Ed25519 signature (88 characters ending in ==); it was modified`,
    );
  }
  if (!verifyBytes(key, new TextEncoder().encode(b.contentHash), sig.value)) {
    throw new PdmError(
      'PDM_BUNDLE_SIGNATURE',
      `${source}: the signature does not match the content (key ${sig.keyId})`,
    );
  }
  return sig.keyId;
}

/** Refuses a bundle whose models need features the data does not provide. */
export function checkFeatures(b: Bundle, available: readonly string[], source: string): void {
  const have = new Set(available);
  for (const t of b.tasks) {
    const missing = t.inputs.filter((f) => !have.has(f));
    if (missing.length > 0) {
      // Columns an import derives on request: say which request
      const hints = [
        missing.some((f) => f === 'regime' || f.endsWith('_z'))
          ? 'import it with --regimes-from TRAIN_DIR (the model was trained on a table imported with --regimes)'
          : null,
        missing.includes('age') ? 'import it with --age' : null,
      ].filter((h) => h !== null);
      throw new PdmError(
        'PDM_BUNDLE_FEATURES',
        `${source}: the ${t.task} model needs features the data lacks: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ` and ${missing.length - 8} more` : ''}` +
          (hints.length > 0 ? `; ${hints.join('; ')}` : ''),
      );
    }
  }
}
