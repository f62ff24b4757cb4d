import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, commandPath } from './examples.js';
import { buildProgram } from './main.js';

/** Shell words of an example line: quotes joined, comments and line continuations dropped. */
function words(line: string): string[] {
  const text = line.replace(/\\\n/g, ' ').replace(/\s+#.*$/gm, '');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g))
    out.push(m[0].replace(/"([^"]*)"|'([^']*)'/g, '$1$2'));
  return out;
}

function all(c: Command): Command[] {
  return [c, ...c.commands.flatMap(all)];
}

describe('help examples', () => {
  const program = buildProgram();
  const commands = new Map(all(program).map((c) => [commandPath(c), c]));

  it('are given for every verb', () => {
    const verbs = [...commands].filter(([, c]) => c.commands.length === 0).map(([p]) => p);
    expect(verbs.filter((v) => v !== '' && EXAMPLES[v] === undefined)).toEqual([]);
  });

  it('use only flags their verb takes, with a value where it needs one', () => {
    for (const [path, lines] of Object.entries(EXAMPLES)) {
      const cmd = commands.get(path);
      expect(cmd, path).toBeDefined();
      for (const line of lines) {
        const w = words(line);
        expect(w.slice(0, 1 + path.split(' ').length).join(' ')).toBe(`pdm-twin ${path}`);
        const args = w.slice(1 + path.split(' ').length);
        for (let i = 0; i < args.length; i++) {
          const a = args[i]!;
          expect(a.startsWith('--'), `${line}: ${a}`).toBe(true);
          const opt = cmd!.options.find((o) => o.long === a);
          expect(opt, `${path}: ${a} in "${line}"`).toBeDefined();
          if (opt!.required || opt!.optional) {
            const v = args[++i];
            expect(v !== undefined && !v.startsWith('--'), `${line}: ${a} needs a value`).toBe(
              true,
            );
          }
        }
        for (const o of cmd!.options.filter((x) => x.mandatory))
          expect(args, `${line} lacks ${o.long}`).toContain(o.long);
      }
    }
  });

  it("end each verb's help", () => {
    const help = commands.get('import table')!.helpInformation();
    expect(help).not.toMatch(/Examples/); // added after the generated text
    let out = '';
    const c = commands.get('bearing')!;
    c.configureOutput({ writeOut: (s) => (out += s) });
    c.outputHelp();
    expect(out).toMatch(/Examples:\n {2}\$ pdm-twin bearing --rpm 1797 {2,}# a 6205/);
    // and the options that must be given say so
    expect(out).toMatch(/--rpm <rpm> +shaft speed in rpm \(required\)/);
  });
});
