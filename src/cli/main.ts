/**
 * The `pdm-twin` command line: one verb per job. Each verb lives in its own file and only
 * parses options, calls the library and prints; errors become a message and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { isPdmError } from '../core/errors.js';
import { registerBearing } from './bearing.js';
import { registerEvaluate } from './evaluate.js';
import { registerExport } from './export.js';
import { registerGenerate } from './generate.js';
import { registerImport } from './import.js';
import { registerKeys } from './keys.js';
import { registerPolicy } from './policy.js';
import { registerPredict } from './predict.js';
import { registerTrain } from './train.js';
import { registerSimulate } from './simulate.js';
import { registerWaveform } from './waveform.js';
import { VERSION } from '../core/version.js';
import { interruptExitCode } from './progress.js';
import { addExamples } from './examples.js';

export function buildProgram(): Command {
  const program = new Command('pdm-twin')
    .description(
      'Predictive-maintenance laboratory: a physics digital twin of rotating machines,\n' +
        'datasets and features, and models that say when a machine needs maintenance.',
    )
    .version(VERSION)
    .option('--debug', 'print stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    // Commander's own usage errors (a missing or malformed option, an unknown command) carry
    // the code every other usage error has, as docs/errors.md says the CLI prints them.
    .configureOutput({
      outputError: (text, write) => {
        write(text.replace(/^error: /, 'error [PDM_USAGE]: '));
      },
    })
    .exitOverride();
  registerSimulate(program);
  registerGenerate(program);
  registerWaveform(program);
  registerImport(program);
  registerTrain(program);
  registerEvaluate(program);
  registerPredict(program);
  registerExport(program);
  registerPolicy(program);
  registerBearing(program);
  registerKeys(program);
  for (const cmd of allCommands(program)) unknownBeforeMissing(cmd);
  addExamples(allCommands(program));
  // commander's help does not say which options must be given
  for (const cmd of allCommands(program))
    for (const o of cmd.options)
      if (o.mandatory && !o.description.endsWith('(required)')) o.description += ' (required)';
  return program;
}

function allCommands(c: Command): Command[] {
  return [c, ...c.commands.flatMap(allCommands)];
}

/**
 * Commander reports a missing required option before an unknown one, so a misspelt required
 * option (`--rmp 1797`) read "required option '--rpm' not specified". The unknown option, with
 * its "did you mean", is the error to show.
 */
function unknownBeforeMissing(cmd: Command): void {
  // Commander's own (undeclared) methods, pinned by the lockfile; test/cli.test.ts checks this
  const c = cmd as unknown as {
    args: string[];
    missingMandatoryOptionValue(option: unknown): void;
    unknownOption(flag: string): void;
  };
  const missing = c.missingMandatoryOptionValue.bind(cmd);
  c.missingMandatoryOptionValue = (option) => {
    const unknown = c.args.find((a) => a.startsWith('--') && a !== '--');
    if (unknown !== undefined) c.unknownOption(unknown.split('=')[0]!);
    missing(option);
  };
}

/**
 * Runs the CLI and returns the process exit code (0 ok, 1 runtime error, 2 usage error, 130 or
 * 143 for a job interrupted by SIGINT or SIGTERM).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed help, version or its own usage message.
      return err.exitCode === 0 ? 0 : 2;
    }
    const debug = argv.includes('--debug');
    if (isPdmError(err)) {
      process.stderr.write(`error [${err.code}]: ${err.message}\n  hint: ${err.hint}\n`);
      if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
      if (err.code === 'PDM_INTERRUPTED') return interruptExitCode();
      // a bad option or settings file is the caller's to fix, as a shell's usage errors are
      return err.code === 'PDM_USAGE' || err.code === 'PDM_CONFIG_INVALID' ? 2 : 1;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`error: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    else process.stderr.write('  (run again with --debug for the stack trace)\n');
    return 1;
  }
}
