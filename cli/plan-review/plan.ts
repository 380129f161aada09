import { CliError, EXIT_USAGE } from '../errors';
import { messageOf } from '../../core/error-message';

/** The `terraform show -json` plan format versions this reader understands: 1.x. */
export const SUPPORTED_FORMAT_MAJOR = 1;

/** What Terraform will do to one resource, as `terraform show -json` writes it. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete';

/** The part of a plan's `resource_changes[]` entry that review reads. */
export interface ResourceChange {
  readonly address: string;
  readonly mode?: 'managed' | 'data';
  readonly type: string;
  readonly name?: string;
  readonly provider_name?: string;
  readonly change: {
    readonly actions: readonly PlanAction[];
    /** The resource's attributes before the change; null when it is created. */
    readonly before: Record<string, unknown> | null;
    /** The attributes after the change; null when it is destroyed. Unknown values are absent here and true in after_unknown. */
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown> | boolean;
    readonly replace_paths?: unknown;
    /** Set when the plan imports the resource (an `import` block): its id. */
    readonly importing?: { readonly id?: string };
  };
  /** Why Terraform replaces or deletes it, e.g. `replace_because_cannot_update`. */
  readonly action_reason?: string;
}

/** A parsed, checked plan. */
export interface TerraformPlan {
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  readonly resourceChanges: readonly ResourceChange[];
  /** False when Terraform says the plan cannot be applied (an errored plan). */
  readonly applyable?: boolean;
}

/** Bad plan input: the message names the file and says how to make a good one. Exit code 2. */
export class PlanInputError extends CliError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
    this.name = 'PlanInputError';
  }
}

const HOW_TO = 'create it with `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the text of `terraform show -json <planfile>` and checks that it is a plan this tool
 * understands: JSON, an object with `format_version` 1.x and a `resource_changes` list whose
 * entries have an address, a type and actions.
 * @param name how to name the input in messages (its path)
 * @throws PlanInputError with a one-line message naming the input and the fix
 */
export function parsePlan(text: string, name: string): TerraformPlan {
  if (text.startsWith('PK\u0003\u0004')) {
    throw new PlanInputError(
      `${name} is a binary plan file (terraform plan -out), not JSON; render it with \`terraform show -json ${name} > plan.json\` and review plan.json.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const reason = messageOf(e).split('\n')[0];
    throw new PlanInputError(
      `${name} is not JSON (${reason}); give the output of \`terraform show -json tfplan\`, not the text of \`terraform plan\`: ${HOW_TO}.`,
    );
  }
  if (!isObject(data) || typeof data.format_version !== 'string') {
    throw new PlanInputError(`${name} is not a Terraform plan in JSON (no format_version); ${HOW_TO}.`);
  }
  const major = Number(/^(\d+)\./.exec(data.format_version)?.[1]);
  if (major !== SUPPORTED_FORMAT_MAJOR) {
    throw new PlanInputError(
      `${name} has plan format_version ${JSON.stringify(data.format_version)}, which plan-review does not read (it reads 1.x); render the plan with Terraform 1.x or upgrade cdktf-securityhub.`,
    );
  }
  if (data.resource_changes === undefined) {
    // State (`terraform show -json` without a plan file) has format_version and values but no changes.
    if (data.planned_values === undefined && isObject(data.values)) {
      throw new PlanInputError(
        `${name} is Terraform state, not a plan (no resource_changes); pass the plan file to show: ${HOW_TO}.`,
      );
    }
    // Terraform leaves resource_changes out of a plan for a configuration with no resources.
    if (data.planned_values === undefined) {
      throw new PlanInputError(`${name} is not a Terraform plan in JSON (no resource_changes); ${HOW_TO}.`);
    }
  }
  const changes = data.resource_changes ?? [];
  if (!Array.isArray(changes)) {
    throw new PlanInputError(
      `${name}: resource_changes is not a list, so this is not a plan terraform wrote; ${HOW_TO}.`,
    );
  }
  changes.forEach((entry: unknown, i: number) => {
    const ok =
      isObject(entry) &&
      typeof entry.address === 'string' &&
      typeof entry.type === 'string' &&
      isObject(entry.change) &&
      Array.isArray(entry.change.actions);
    if (!ok)
      throw new PlanInputError(
        `${name}: resource_changes[${i}] has no address, type or change.actions, so this is not a plan terraform wrote; ${HOW_TO}.`,
      );
  });
  return {
    formatVersion: data.format_version,
    terraformVersion: typeof data.terraform_version === 'string' ? data.terraform_version : undefined,
    resourceChanges: changes as ResourceChange[],
    applyable: typeof data.applyable === 'boolean' ? data.applyable : undefined,
  };
}
