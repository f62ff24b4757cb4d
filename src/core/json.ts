/** JSON has no NaN or Infinity: what the project writes as JSON says "none" with null. */

/** A deep copy of plain data with every non-finite number replaced by null. */
export function finiteOrNull(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(finiteOrNull);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, finiteOrNull(x)]));
  }
  return v;
}

/**
 * The first key that an object of a JSON text holds twice, with the path of that object
 * (`tasks.1.thresholds`), or null. `JSON.parse` keeps the last of two equal keys and other
 * readers the first, so a signed document must not have any: the same bytes would mean two
 * things. Assumes text that `JSON.parse` accepts.
 */
export function duplicateJsonKey(text: string): { path: string; key: string } | null {
  // one frame per open object or array: its keys (objects) or next index (arrays)
  const frames: { keys: Set<string> | null; index: number; name: string }[] = [];
  let pendingKey: string | null = null;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      let escaped = false;
      for (i = start; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i++;
        } else if (d === 0x22) break;
      }
      const top = frames[frames.length - 1];
      // a string is a key when it is followed by a colon
      let j = i + 1;
      while (j < n && text.charCodeAt(j) <= 0x20) j++;
      if (top?.keys != null && text.charCodeAt(j) === 0x3a /* : */) {
        const raw = text.slice(start, i);
        const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key))
          return {
            path: frames
              .map((f) => f.name)
              .filter((s) => s !== '')
              .join('.'),
            key,
          };
        top.keys.add(key);
        pendingKey = key;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const parent = frames[frames.length - 1];
      const name =
        parent === undefined
          ? ''
          : parent.keys === null
            ? String(parent.index)
            : (pendingKey ?? '');
      frames.push({ keys: c === 0x7b ? new Set() : null, index: 0, name });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      frames.pop();
    } else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1];
      if (top !== undefined && top.keys === null) top.index++;
    }
  }
  return null;
}
