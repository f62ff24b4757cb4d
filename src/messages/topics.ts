/**
 * MQTT topics, versioned, naming the site and the machine or edge node (docs/messages.md):
 *
 *   pdm/v1/{site}/machine/{id}/{telemetry|capture|state|cmd}
 *   pdm/v1/{site}/edge/{node}/{health|alert|state|cmd|ack}
 *
 * Topic strings are built and read only here. A name is one topic level: non-empty, at most
 * 128 characters, without `/` or the wildcards `+` and `#` (MQTT 3.1.1 section 4.7), so a
 * topic is never ambiguous and a subscription filter built from names matches what it says.
 */
import { PdmError } from '../core/errors.js';

export const TOPIC_ROOT = 'pdm/v1';

export const MACHINE_KINDS = ['telemetry', 'capture', 'state', 'cmd'] as const;
export const EDGE_KINDS = ['health', 'alert', 'state', 'cmd', 'ack'] as const;
export type MachineTopicKind = (typeof MACHINE_KINDS)[number];
export type EdgeTopicKind = (typeof EDGE_KINDS)[number];

/** What a topic names. */
export type TopicAddress =
  | {
      readonly scope: 'machine';
      readonly site: string;
      readonly id: string;
      readonly kind: MachineTopicKind;
    }
  | {
      readonly scope: 'edge';
      readonly site: string;
      readonly id: string;
      readonly kind: EdgeTopicKind;
    };

const MAX_NAME = 128;

/** Why `name` cannot be a topic level, or null when it can. */
function nameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_NAME) return `is longer than ${MAX_NAME} characters`;
  if (/[/+#]/.test(name)) return 'contains / + or #';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return 'contains a control character';
  }
  return null;
}

function checkName(what: string, name: string): void {
  const p = nameProblem(name);
  if (p !== null) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${what} ${JSON.stringify(name)} ${p}; expected one topic level (no / + #, 1-${MAX_NAME} characters)`,
    );
  }
}

/** `pdm/v1/{site}/machine/{id}/{kind}`. */
export function machineTopic(site: string, id: string, kind: MachineTopicKind): string {
  checkName('site', site);
  checkName('machine id', id);
  checkKind('machine', kind, MACHINE_KINDS);
  return `${TOPIC_ROOT}/${site}/machine/${id}/${kind}`;
}

/** `pdm/v1/{site}/edge/{node}/{kind}`. */
export function edgeTopic(site: string, node: string, kind: EdgeTopicKind): string {
  checkName('site', site);
  checkName('edge node', node);
  checkKind('edge', kind, EDGE_KINDS);
  return `${TOPIC_ROOT}/${site}/edge/${node}/${kind}`;
}

/** A kind parseTopic would refuse (from JavaScript, where the type does not check it). */
function checkKind(scope: string, kind: string, kinds: readonly string[]): void {
  if (!kinds.includes(kind))
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${scope} topic kind "${kind}": expected one of ${kinds.join(', ')}`,
    );
}

/**
 * A subscription filter for one kind of message of every machine (or edge node) of a site, or
 * of every site when `site` is omitted: `pdm/v1/+/machine/+/telemetry`.
 */
export function kindFilter(
  scope: 'machine' | 'edge',
  kind: MachineTopicKind | EdgeTopicKind,
  site?: string,
): string {
  if (site !== undefined) checkName('site', site);
  const kinds: readonly string[] = scope === 'machine' ? MACHINE_KINDS : EDGE_KINDS;
  if (!kinds.includes(kind)) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `kind ${JSON.stringify(kind)}: expected one of ${kinds.join(', ')} for ${scope} topics`,
    );
  }
  return `${TOPIC_ROOT}/${site ?? '+'}/${scope}/+/${kind}`;
}

/** Reads a topic; throws PDM_MESSAGE_INVALID naming the topic and what is wrong. */
export function parseTopic(topic: string): TopicAddress {
  const bad = (why: string): never => {
    throw new PdmError('PDM_MESSAGE_INVALID', `topic ${JSON.stringify(topic)}: ${why}`);
  };
  const parts = topic.split('/');
  if (parts.length !== 6 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) {
    bad(`expected ${TOPIC_ROOT}/{site}/machine|edge/{id}/{kind}`);
  }
  const [, , site, scope, id, kind] = parts as [string, string, string, string, string, string];
  for (const [what, name] of [
    ['site', site],
    ['id', id],
  ] as const) {
    const p = nameProblem(name);
    if (p !== null) bad(`the ${what} ${p}`);
  }
  if (scope === 'machine') {
    if (!(MACHINE_KINDS as readonly string[]).includes(kind)) {
      bad(`machine topics end in ${MACHINE_KINDS.join(', ')}, not ${JSON.stringify(kind)}`);
    }
    return { scope, site, id, kind: kind as MachineTopicKind };
  }
  if (scope === 'edge') {
    if (!(EDGE_KINDS as readonly string[]).includes(kind)) {
      bad(`edge topics end in ${EDGE_KINDS.join(', ')}, not ${JSON.stringify(kind)}`);
    }
    return { scope, site, id, kind: kind as EdgeTopicKind };
  }
  return bad(`expected machine or edge after the site, got ${JSON.stringify(scope)}`);
}
