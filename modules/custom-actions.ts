import { SecurityhubActionTarget, type ITerraformDependable, Construct } from './framework';
import { ValidationError } from './validation-error';
import type { CustomActionDefinition } from '../domain/custom-actions';

export type { CustomActionDefinition } from '../domain/custom-actions';

/** Properties of {@link CustomActions}. */
export interface CustomActionsProps {
  /** The actions to create. */
  readonly actions: readonly CustomActionDefinition[];
  /** The hub; action targets need it on. */
  readonly hub: ITerraformDependable;
}

/**
 * Security Hub custom actions (action targets). Choosing one in the console sends the selected
 * findings to EventBridge as "Security Hub Findings - Custom Action", which is how one-click
 * remediation and isolation start.
 */
export class CustomActions extends Construct {
  /** Action targets by id; `.arn` is what EventBridge patterns match in `resources`. */
  public readonly targets: ReadonlyMap<string, SecurityhubActionTarget>;

  constructor(scope: Construct, id: string, props: CustomActionsProps) {
    super(scope, id);
    const targets = new Map<string, SecurityhubActionTarget>();
    for (const action of props.actions) {
      if (!/^[A-Za-z0-9]{1,20}$/.test(action.id)) {
        throw new ValidationError(this, `id ${JSON.stringify(action.id)} must be 1-20 letters or digits.`);
      }
      if (targets.has(action.id))
        throw new ValidationError(this, `id ${JSON.stringify(action.id)} is used twice; ids must be unique.`);
      targets.set(
        action.id,
        new SecurityhubActionTarget(this, action.id, {
          identifier: action.id,
          name: action.name,
          description: action.description,
          dependsOn: [props.hub],
        }),
      );
    }
    this.targets = targets;
  }
}
