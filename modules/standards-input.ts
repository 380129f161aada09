import type { IConstruct } from './framework';
import { SecurityStandard, type StandardsId } from '../domain/security-standard';
import { ValidationError } from './validation-error';

/** A standard as constructs take it: a {@link SecurityStandard} or its id (`standards/pci-dss/v/4.0.1`). */
export type StandardInput = SecurityStandard | StandardsId;

/**
 * The standards a construct was given, as {@link SecurityStandard}s. A `StandardsId` from
 * JavaScript or an unchecked cast may not be one, so each id is looked up and an unknown one is
 * refused by name, with the ids that exist, before anything is synthesized.
 */
export function resolveStandards(scope: IConstruct, standards: readonly StandardInput[]): SecurityStandard[] {
  return standards.map((s) => {
    if (typeof s !== 'string') return s;
    const standard = SecurityStandard.fromId(s);
    if (!standard || standard.standardsId !== s)
      throw new ValidationError(
        scope,
        `standards: ${JSON.stringify(s)} is not a known standards id; use one of ${SecurityStandard.knownIds().join(', ')}.`,
      );
    return standard;
  });
}
