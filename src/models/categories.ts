/**
 * Category codes between a bundle and the data it scores. An imported table codes a text
 * column with few values by the index of each value in the sorted list of the values it holds
 * (`manifest.categories`), so a test table that lacks one of the training table's values codes
 * the others differently: M is 1 of [H, L, M] in training but 1 of [H, M] in the test table.
 * The bundle records the codes its models learnt (`features.categories`), and the data's codes
 * are translated into them by value before scoring; a value the model never saw reads as
 * missing, with a warning.
 */
import { PdmError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import type { Column } from '../data/table.js';
import type { Bundle } from './bundle.js';

/** The encodings of the categorical columns among `inputs` (value -> code: its index). */
export function categoriesOf(
  all: Readonly<Record<string, readonly string[]>>,
  inputs: readonly string[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of inputs) if (all[name] !== undefined) out[name] = [...all[name]];
  return out;
}

/**
 * `ds` with its categorical input columns coded as the bundle's models learnt them. Bundles
 * made before their codes were recorded are taken as they are. A column the bundle codes as a
 * category but the data holds as numbers, or the other way round, is an error.
 */
export function alignCategories(
  b: Bundle,
  ds: Dataset,
  source: string,
  warnings: string[],
): Dataset {
  const learnt = b.features.categories;
  if (learnt === undefined) return ds;
  const inputs = new Set(b.tasks.flatMap((t) => t.inputs));
  const have = ds.manifest.categories;
  for (const name of inputs) {
    if ((learnt[name] === undefined) === (have[name] === undefined)) continue;
    throw new PdmError(
      'PDM_BUNDLE_FEATURES',
      learnt[name] === undefined
        ? `${source}: column ${name} of ${ds.dir} holds categories (${have[name]!.join(', ')}), but the model learnt it as numbers`
        : `${source}: the model learnt column ${name} as categories (${learnt[name].join(', ')}), but ${ds.dir} holds it as numbers`,
    );
  }
  const columns: Column[] = ds.table.columns.map((c) => {
    const want = learnt[c.name];
    const got = have[c.name];
    if (!inputs.has(c.name) || want === undefined || got === undefined) return c;
    if (c.type !== 'float64' && c.type !== 'float32' && c.type !== 'int32') return c;
    if (want.length === got.length && want.every((v, i) => v === got[i])) return c;
    const code = got.map((v) => want.indexOf(v));
    const unseen = got.filter((_, i) => code[i]! < 0);
    if (unseen.length > 0) {
      warnings.push(
        `column ${c.name}: ${unseen.join(', ')} not among the values the model learnt (${want.join(', ')}); read as missing`,
      );
    }
    const data = Float64Array.from(c.data, (x) => {
      const k = Number.isInteger(x) ? code[x] : undefined;
      return k === undefined || k < 0 ? Number.NaN : k;
    });
    return { name: c.name, type: 'float64', data };
  });
  return { ...ds, table: { columns } };
}
