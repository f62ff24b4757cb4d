/**
 * Examples at the end of each verb's `--help`: the commands a user most often runs, with the
 * files the package ships (test/cli.test.ts checks that every flag in them is one the verb
 * takes).
 */
import type { Command } from 'commander';

export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  simulate: [
    'pdm-twin simulate                                   # the quickstart fleet into out/simulation',
    'pdm-twin simulate --scenario scenarios/fault-injection.yaml --out out/faults --format csv',
    'pdm-twin simulate --scenario my.yaml --out out/sim --no-captures --seed 7',
  ],
  generate: [
    'pdm-twin generate --scenario scenarios/default.yaml --out out/dataset',
    'pdm-twin generate --scenario scenarios/default.yaml --seed 7 --out out/dataset-7   # more machines to learn from',
    'pdm-twin generate --scenario my.yaml --out out/small --keep-waveforms --format csv',
  ],
  waveform: [
    'pdm-twin waveform --fault outer_race --severity 0.3 --rpm 1797 --fs 12000 --seconds 1 --out or.csv',
    'pdm-twin waveform --fault inner_race --location fe --bearing 9,7.94,39.04,0 --rpm 1500 --out ir.csv',
  ],
  'import waveforms': [
    'pdm-twin import waveforms --manifest recordings.csv --out out/rig',
    'pdm-twin import waveforms --manifest rig.csv --out out/rig --window 0.5 --bearing 9,7.94,39.04,0',
    'pdm-twin import waveforms --manifest snapshots.csv --run-to-failure --out out/rtf   # columns machine,time',
  ],
  'import table': [
    'pdm-twin import table --file train.txt --sep whitespace --header none --names unit,cycle,op1,op2,op3,s1,s2,s3 \\\n' +
      '    --unit unit --time cycle --run-to-failure --rul-cap 125 --out out/engines',
    'pdm-twin import table --file test.txt --sep whitespace --header none --names unit,cycle,op1,op2,op3,s1,s2,s3 \\\n' +
      '    --unit unit --time cycle --final-rul RUL.txt --out out/engines-test',
    'pdm-twin import table --file machines.csv --label "Machine failure" --exclude UDI,"Product ID" --out out/flags',
  ],
  train: [
    'pdm-twin train --data out/dataset --task all --out out/model.json',
    'pdm-twin train --data out/dataset,out/dataset-7 --task horizon --algo rf --out out/horizon.json',
    'pdm-twin train --data out/engines --task rul --config config/train.yaml --out out/rul.json',
  ],
  evaluate: [
    'pdm-twin evaluate --model out/model.json --data out/dataset --split test --report out/report',
    'pdm-twin evaluate --model out/model.json --data out/rig --split all --report out/rig-report --classes normal,inner_race,outer_race,ball',
  ],
  predict: [
    'pdm-twin predict --model out/model.json --data out/rig --out out/rig-predictions.csv',
    'pdm-twin predict --model out/model.json --data out/dataset --split test --out out/test.parquet --status out/status.json',
  ],
  export: ['pdm-twin export --model out/model.json --onnx out/model.onnx'],
  policy: [
    'pdm-twin policy --model out/model.json --scenario scenarios/policy.yaml --out out/policy',
    'pdm-twin policy --model out/model.json --costs my-costs.yaml --response-h 48 --out out/policy-48',
  ],
  bearing: [
    'pdm-twin bearing --rpm 1797                            # a 6205 (the default geometry)',
    'pdm-twin bearing --rpm 1500 --bearing 8,6.75,28.5,0 --json   # a 6203',
  ],
  keygen: ['pdm-twin keygen', 'pdm-twin keygen --dir ci-keys'],
  sign: [
    'pdm-twin sign --model out/model.json --key ci-keys',
    'pdm-twin sign --model out/model.json --key ci-keys --out out/model-signed.json',
  ],
  verify: [
    'pdm-twin verify --model out/model.json',
    'pdm-twin verify --model out/model.json --trust ci-keys/signing.pub',
  ],
};

/** The command's path under the program ('import table'). */
export function commandPath(c: Command): string {
  const names: string[] = [];
  for (let x = c; x.parent !== null; x = x.parent) names.unshift(x.name());
  return names.join(' ');
}

/** Adds the examples of every verb to the end of its help. */
export function addExamples(commands: readonly Command[]): void {
  for (const c of commands) {
    const lines = EXAMPLES[commandPath(c)];
    if (lines === undefined) continue;
    c.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
  }
}
