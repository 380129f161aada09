import type { AwsClients } from '../shared/clients';
import type { FindingResource, SecurityHubFinding } from '../shared/finding';
import type { PolicyParameterValue } from '../../core/remediation-policy';

/** Runbook parameters with the catalogue defaults already applied; getters fail loudly on a missing value. */
export class RunbookParameters {
  readonly #runbook: string;
  readonly #values: Readonly<Record<string, PolicyParameterValue>>;

  constructor(runbook: string, values: Readonly<Record<string, PolicyParameterValue>>) {
    this.#runbook = runbook;
    this.#values = values;
  }

  #value(name: string): PolicyParameterValue {
    const value = this.#values[name];
    if (value === undefined)
      throw new Error(
        `runbook ${this.#runbook} needs parameter ${name}; set remediation.parameters.${this.#runbook}.${name} in the org config.`,
      );
    return value;
  }

  public string(name: string): string {
    return String(this.#value(name));
  }

  public integer(name: string): number {
    const value = Number(this.#value(name));
    if (!Number.isInteger(value))
      throw new Error(
        `runbook ${this.#runbook} parameter ${name} must be a whole number, received ${JSON.stringify(this.#values[name])}.`,
      );
    return value;
  }

  public boolean(name: string): boolean {
    const value = this.#value(name);
    return value === true || value === 'true';
  }
}

/** What a runbook gets for one run. */
export interface RunbookContext {
  readonly runId: string;
  /** The finding's account, partition and Region (the resource's own Region when the finding names one). */
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  /** The finding resource the runbook acts on (the first of a type the runbook handles). */
  readonly resource: FindingResource;
  readonly finding: SecurityHubFinding;
  /** Clients acting as the execution role in the finding's account. */
  readonly clients: AwsClients;
  readonly parameters: RunbookParameters;
}

/** What a runbook found before acting. */
export interface Inspection<S> {
  /** The settings the runbook may change, as they are now; JSON-serializable; rollback restores them. */
  readonly before: S;
  /** One line per change the runbook would make; empty when the resource is already compliant. */
  readonly changes: readonly string[];
  /** The resource's live tags, for tag-scoped exemptions. */
  readonly tags?: Readonly<Record<string, string>>;
  /** For controls that cannot be fixed in place: what a person must do, with the resource's own names. */
  readonly instructions?: string;
}

/**
 * How a runbook's rollback meets changes people made after the run, which decides how it detects
 * drift (see shared/drift.ts):
 * - `replace`: rollback writes the recorded settings over whatever is there, so it goes ahead only
 *   when the settings are still as the run left them (the after-state the run recorded);
 * - `additive`: rollback only adds back what the run took away and skips what is there again, so
 *   nothing a person changed since is overwritten and there is no drift to refuse;
 * - `create`: rollback removes what the run created, so it goes ahead only when that is still as
 *   the run left it (not changed, not removed).
 */
export type RollbackKind = 'replace' | 'additive' | 'create';

/** One setting that differs from what the run left: where, the value after the run, the value now. */
export interface DriftChange {
  /** Path of the setting in the runbook's state, e.g. `configuration.BlockPublicAcls`; empty for the whole resource. */
  readonly field: string;
  /** The value the run left (its recorded after-state); absent when the run recorded none. */
  readonly afterRun?: unknown;
  /** The value now; absent when the setting (or the resource) is gone. */
  readonly now?: unknown;
}

/**
 * A remediation runbook. `inspect` only reads; `apply` changes exactly what `inspect` listed;
 * `rollback` puts back what `before` recorded. Runbooks never delete data: they change settings,
 * policies and rules, and rollback of something a runbook created removes only that configuration.
 * Notify-only runbooks (controls that cannot be fixed in place) have neither apply nor rollback.
 */
export interface Runbook<S = unknown> {
  readonly name: string;
  /** ASFF resource types the runbook acts on. */
  readonly resourceTypes: readonly string[];
  /**
   * Reads the resource.
   * @throws ResourceNotFoundError when the resource no longer exists
   * @throws NotRemediableError when the runbook cannot act on this kind of resource
   */
  inspect(ctx: RunbookContext): Promise<Inspection<S>>;
  /**
   * Makes the changes `inspect` listed.
   * @returns facts rollback needs that exist only after the change (e.g. the id of a created
   *   flow log); they are merged into the recorded before-state
   */
  apply?(ctx: RunbookContext, inspection: Inspection<S>): Promise<Partial<S> | void>;
  rollback?(ctx: RunbookContext, before: S): Promise<void>;
  /**
   * How rollback meets later changes; drift detection follows from it.
   * @default 'replace'
   */
  readonly rollbackKind?: RollbackKind;
  /**
   * A runbook's own drift check, where comparing its whole inspected state would refuse too much
   * (a person's unrelated addition) or too little. Gets what the run recorded and the resource as
   * it is now; returns what changed since the run, empty when rollback may go ahead.
   */
  driftSince?(recorded: { readonly before: S; readonly after?: S }, now: Inspection<S>): readonly DriftChange[];
}

/** Tags as a plain map, from the SDK's `{ Key, Value }[]` shapes. */
export function tagMap(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key as string, t.Value ?? '']),
  );
}
