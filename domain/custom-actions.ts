/*
 * Security Hub custom actions (action targets) as plain data: the remediation plan lists the
 * actions to create and the CustomActions construct deploys them.
 */

/** A custom action shown in the Security Hub console's "Actions" menu. */
export interface CustomActionDefinition {
  /** Action target id (1-20 letters or digits); EventBridge rules match on the resulting ARN. */
  readonly id: string;
  /** Name shown in the console (1-20 characters). */
  readonly name: string;
  /** What the action does (1-256 characters). */
  readonly description: string;
}
