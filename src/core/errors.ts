/**
 * The project's error registry: every error a user can meet has a stable code, a one-line
 * summary and a hint on what to do. `docs/errors.md` documents the same codes; a test keeps
 * the two in step.
 */

export const ERROR_CODES = {
  PDM_USAGE: {
    summary: 'A command-line option is missing or has a value outside what it accepts.',
    hint: 'Run the command with --help to see its options and their accepted values.',
  },
  PDM_CONFIG_INVALID: {
    summary:
      'A settings file (a training config, a costs file) is not valid YAML or has a key or value outside what it accepts.',
    hint: 'The message names the file and the key; config/train.yaml and config/costs.yaml list every key with its default, and docs/models.md explains them.',
  },
  PDM_FILE_NOT_FOUND: {
    summary: 'A file or folder named on the command line or in a config does not exist.',
    hint: "Check the path. Relative paths on the command line are taken from the current directory; those inside a file (a manifest, a config) from that file's folder.",
  },
  PDM_IO: {
    summary: 'A file could not be read or written.',
    hint: 'Check permissions and free disk space.',
  },
  PDM_SCENARIO_PARSE: {
    summary: 'A scenario file is not valid YAML or JSON.',
    hint: 'Fix the syntax at the line and column the message names.',
  },
  PDM_SCENARIO_INVALID: {
    summary: 'A scenario file parses but a field is missing, unknown or out of range.',
    hint: 'The message names the path inside the file (for example fleet[0].machine.bearings.de.balls) and what was expected.',
  },
  PDM_INPUT_INVALID: {
    summary: 'A value passed to a library function is outside its domain.',
    hint: 'The message names the parameter and the accepted range.',
  },
  PDM_DATA_INVALID: {
    summary:
      'A data file (CSV, Parquet or MATLAB .mat) or dataset is malformed, or lacks what the job needs (rows, labels, columns).',
    hint: 'The message names the file (with line and column for CSV, the column for Parquet, the variable for .mat) or the dataset, and what it expected; fix the file or use data that holds it.',
  },
  PDM_INTERRUPTED: {
    summary: 'A long-running job was interrupted (Ctrl-C or a signal) before it finished.',
    hint: 'Nothing unfinished was kept: generate and simulate removed every file they had written (the folder is as it was), train wrote no bundle and policy no result. Run the command again to redo it.',
  },
  PDM_DATASET_INCOMPLETE: {
    summary: 'A dataset folder lacks a complete manifest: its generation did not finish.',
    hint: 'Generate it again with --force; an interrupted run never leaves a dataset that looks complete.',
  },
  PDM_BUNDLE_CORRUPT: {
    summary:
      'A model bundle is not valid JSON, lacks required fields, its content does not match its hash, or it holds a model this runtime cannot run.',
    hint: "If the file is not a bundle at all (a dataset's manifest.json, a table), name the bundle train wrote; otherwise retrain, re-export or re-download it with this release, and never edit a bundle by hand (the hash covers its content).",
  },
  PDM_BUNDLE_SIGNATURE: {
    summary:
      'A model bundle is unsigned where a signature is required, signed by an untrusted key, or its signature is wrong.',
    hint: 'Sign it with `pdm-twin sign` using a trusted key, or pass the signer public key with --trust; with no trusted key at all, make a local pair with `pdm-twin keygen` or name one with --trust. An unsigned bundle you trust is accepted with --allow-unsigned (never a tampered or wrongly signed one).',
  },
  PDM_BUNDLE_FEATURES: {
    summary: 'A model bundle needs features that the data or the runtime does not provide.',
    hint: 'Use data generated or imported with the same feature set, or retrain the model on this data.',
  },
  PDM_KEY_INVALID: {
    summary:
      'A key file is not an Ed25519 key in PEM form, a private and a public key file are not a pair, or a file to trust holds a private key.',
    hint: 'Create keys with `pdm-twin keygen`, or put the matching signing.key and signing.pub together.',
  },
  PDM_OUTPUT_EXISTS: {
    summary: 'The output folder already holds a result that would be overwritten.',
    hint: 'Choose another output folder or file, or pass --force to replace it.',
  },
  PDM_MESSAGE_INVALID: {
    summary: 'A message (MQTT topic or payload) does not follow docs/messages.md.',
    hint: 'The message names the topic, the field or byte offset and what was expected; receivers count and drop such messages.',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class PdmError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PdmError';
    this.code = code;
  }

  /** The hint registered for this error's code. */
  get hint(): string {
    return ERROR_CODES[this.code].hint;
  }
}

export function isPdmError(err: unknown): err is PdmError {
  return err instanceof PdmError;
}
