import { didYouMean } from '../../core/closest';
import { catalogueDate, type ControlParameterDefinition } from './catalogue-file';
import { CATALOGUE_DATA, findControl, KNOWN_CONTROL_IDS, type ControlDefinition } from '../control-catalogue';

/*
 * The checks on control ids and control parameter values that both the config loader and the
 * ConfigurationPolicy construct run, so a YAML user and a library user get the same sentences.
 */

/** What checking one control id found. */
export interface ControlIdCheck {
  /** The control, when the catalogue has it (retired ones included). */
  readonly control?: ControlDefinition;
  /** Set when the id cannot be used. */
  readonly error?: string;
  /** Set when the id can be used but deserves a look. */
  readonly warning?: string;
}

/** The day the shipped catalogue's main source was taken, for messages. */
export const CATALOGUE_TAKEN_AT = catalogueDate(CATALOGUE_DATA);

const quote = (s: string) => JSON.stringify(s);

/**
 * Checks a security control id against the catalogue.
 * @param notInCatalogue the user's marker that the control is newer than the catalogue
 */
export function checkControlId(securityControlId: string, notInCatalogue = false): ControlIdCheck {
  const control = findControl(securityControlId);
  if (!control) {
    if (notInCatalogue) {
      return {
        warning: `${quote(securityControlId)} is not in the control catalogue (data of ${CATALOGUE_TAKEN_AT}); it is used as marked notInCatalogue, and Security Hub rejects the policy at apply time if no such control exists. Run \`securityhub catalogue refresh\` to add it.`,
      };
    }
    const hint = didYouMean(securityControlId, KNOWN_CONTROL_IDS);
    return {
      error: `${quote(securityControlId)} is not a security control id in the catalogue${hint || ' (check the spelling, e.g. "IAM.6")'}; if Security Hub added it after ${CATALOGUE_TAKEN_AT} (the catalogue's data), run \`securityhub catalogue refresh\` or mark the entry with notInCatalogue: true.`,
    };
  }
  if (control.retired) {
    return {
      control,
      warning: `${quote(securityControlId)} is a control Security Hub has retired, so naming it changes nothing; remove it.`,
    };
  }
  if (notInCatalogue) {
    return {
      control,
      warning: `${quote(securityControlId)} is in the control catalogue; remove notInCatalogue so its id is checked.`,
    };
  }
  return { control };
}

/** One problem with a control's parameter values. */
export interface ParameterProblem {
  /** The parameter the problem is about. */
  readonly name: string;
  /** What is wrong, starting with the value received. */
  readonly message: string;
}

/**
 * Checks the parameter values given for one control: each name must be one the control takes,
 * each value of the parameter's type and within its bounds.
 * @param show renders a received value in a message
 */
export function checkControlParameters(
  control: ControlDefinition,
  values: Readonly<Record<string, unknown>>,
  show: (v: unknown) => string = (v) => JSON.stringify(v),
): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  for (const [name, value] of Object.entries(values)) {
    const definition = control.parameters.find((p) => p.name === name);
    if (!definition) {
      const allowed = control.parameters.map((p) => p.name);
      problems.push({
        name,
        message:
          allowed.length === 0
            ? `${control.securityControlId} takes no parameters (per the catalogue, data of ${CATALOGUE_TAKEN_AT}); remove ${quote(name)}.`
            : `${control.securityControlId} takes no parameter ${quote(name)}${didYouMean(name, allowed)}; allowed: ${allowed.join(', ')}.`,
      });
      continue;
    }
    const problem = checkParameterValue(definition, value);
    if (problem) problems.push({ name, message: `${show(value)} ${problem}` });
  }
  return problems;
}

/**
 * Checks one control parameter value against its definition.
 * @returns what is wrong (to follow the value in a message), or undefined when the value fits
 */
export function checkParameterValue(definition: ControlParameterDefinition, value: unknown): string | undefined {
  const inRange = (n: number) =>
    (definition.min === undefined || n >= definition.min) && (definition.max === undefined || n <= definition.max);
  const range = `${definition.min ?? '-inf'}..${definition.max ?? 'inf'}`;
  const allowed = definition.allowed ?? [];
  const isAllowed = (v: unknown) =>
    (typeof v === 'string' || typeof v === 'number') && (allowed.length === 0 || allowed.includes(String(v)));
  const tooMany = Array.isArray(value) && definition.maxItems !== undefined && value.length > definition.maxItems;
  if (tooMany)
    return `has ${(value as unknown[]).length} items; ${definition.name} takes at most ${definition.maxItems}.`;
  switch (definition.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `is not a boolean; ${definition.name} takes true or false.`;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && inRange(value)
        ? undefined
        : `is not an integer in ${range}; ${definition.name} takes one.`;
    case 'double':
      return typeof value === 'number' && inRange(value) ? undefined : `is not a number in ${range}.`;
    case 'string':
      return typeof value === 'string' ? undefined : `is not a string.`;
    case 'enum':
      // Security Hub's enum values are strings; a YAML number such as 2 (minAvailabilityZones) means "2".
      return isAllowed(value)
        ? undefined
        : allowed.length
          ? `is not allowed; ${definition.name} takes one of ${allowed.join(', ')}.`
          : `is not a string; ${definition.name} takes one.`;
    case 'integerList':
      return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isInteger(v) && inRange(v))
        ? undefined
        : `is not a list of integers in ${range}.`;
    case 'stringList':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? undefined
        : `is not a list of strings.`;
    case 'enumList':
      return Array.isArray(value) && value.every(isAllowed)
        ? undefined
        : allowed.length
          ? `is not a list drawn from ${allowed.join(', ')}.`
          : `is not a list of strings.`;
  }
}
