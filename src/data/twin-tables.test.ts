import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, LABEL_COLUMNS, TELEMETRY_COLUMNS } from './twin-tables.js';

describe('twin tables', () => {
  it('docs/data.md describes every column of telemetry.parquet and events.parquet', () => {
    const doc = readFileSync(new URL('../../docs/data.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('### telemetry.parquet and events.parquet'));
    const labels = new Set(LABEL_COLUMNS.map((c) => c.name));
    for (const c of [...TELEMETRY_COLUMNS, ...EVENT_COLUMNS]) {
      if (labels.has(c.name)) {
        // the labels are named in the text (sev_<mode> for the severities)
        const name = c.name.startsWith('sev_') ? 'sev_<mode>' : c.name;
        expect(section, c.name).toContain(`\`${name}\``);
      } else {
        expect(section, c.name).toMatch(
          new RegExp(`\\| \`${c.name}\` +\\| ${c.unit.replace('.', '\\.')} +\\|`),
        );
      }
    }
  });
});
