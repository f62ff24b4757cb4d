/**
 * Reading a scenario: YAML or JSON text to a validated `Scenario`. Errors name the file, the
 * path inside it (for example `fleet[0].machine.bearings.de.balls`) and what was expected.
 */
import { PdmError } from '../core/errors.js';
import { formatIssues } from '../core/schema-issues.js';
import { parseYamlText } from '../core/yaml-text.js';
import { attachments } from './fleet.js';
import type { Scenario, ScenarioInput } from './scenario-schema.js';
import { ScenarioSchema } from './scenario-schema.js';

/** Validates an already-parsed object. */
export function validateScenario(input: unknown, fileName = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(input);
  if (!r.success) {
    const lines = formatIssues(r.error.issues, ScenarioSchema, input);
    const shown = lines.slice(0, 20);
    const more =
      lines.length > shown.length ? `\n  ... and ${lines.length - shown.length} more` : '';
    throw new PdmError(
      'PDM_SCENARIO_INVALID',
      `${fileName}: invalid scenario (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n  ${shown.join('\n  ')}${more}`,
      { cause: r.error },
    );
  }
  // Injections and sensor faults must name machines of the fleet.
  try {
    attachments(r.data);
  } catch (err) {
    if (err instanceof PdmError && err.code === 'PDM_SCENARIO_INVALID') {
      throw new PdmError('PDM_SCENARIO_INVALID', `${fileName}: ${err.message}`, { cause: err });
    }
    throw err;
  }
  return r.data;
}

/** Parses YAML (a superset of JSON) scenario text; `fileName` is used in messages. */
export function parseScenario(text: string, fileName = 'scenario'): Scenario {
  if (typeof text !== 'string')
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `parseScenario: expected the scenario's YAML or JSON text, got ${(text as unknown) === null ? 'null' : typeof text}; scenarioFrom(object) takes a scenario as an object`,
    );
  const value = parseYamlText(text, fileName, 'PDM_SCENARIO_PARSE', {
    merge: true,
    json: /\.json$/i.test(fileName),
  });
  // An empty file is more likely a truncated or wrong one than a wish for every default.
  if (value === null || value === undefined) {
    throw new PdmError(
      'PDM_SCENARIO_INVALID',
      `${fileName}: the scenario is empty; write {} to run every default (scenarios/quickstart.yaml is an example)`,
    );
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new PdmError(
      'PDM_SCENARIO_INVALID',
      `${fileName}: expected a mapping of scenario settings at the top level`,
    );
  }
  return validateScenario(value, fileName);
}

/** A scenario from a plain object (library use), defaults filled. */
export function scenarioFrom(input: ScenarioInput): Scenario {
  return validateScenario(input, 'scenario');
}
