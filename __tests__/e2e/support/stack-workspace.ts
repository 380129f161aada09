import { App } from '../../../modules/framework';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { OrganizationConfig } from '../../../config/schema';
import { configFrom, defaultConfigData } from '../../support/org-config';
import { offlineTerraformEnv, terraform, type TerraformResult } from '../../support/terraform';
import { MANAGEMENT_ACCOUNT, type LocalOrganization } from './local-organization';

/** Config data as the loader reads it (YAML as plain data). */
export type ConfigData = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A small organization for end-to-end runs, built from the example's data and the ids local AWS
 * gave: the example's three workload tiers, one of each kind (staging on one OU, production on
 * two, sandbox on one), no directly listed accounts, two linked Regions, and local state shared by
 * every synthesis of the workspace. `deployment` is dropped: each stack acts through its
 * account's own access key (see {@link startLocalOrganization}).
 * @param change edits the data before it is parsed, e.g. to remove a standard
 */
export function endToEndConfigData(
  org: LocalOrganization,
  change: (data: ConfigData) => void = () => undefined,
): ConfigData {
  const data = defaultConfigData();
  delete data.deployment;
  data.organization.securityAccountId = org.securityAccountId;
  data.organization.linkedRegions = ['us-east-1', 'us-west-2'];
  // Relative to cdktf.out/stacks/<stack>: <workspace>/state, outside every synthesis folder.
  data.stateBackend = { type: 'local', directory: '../state' };
  const ous = org.organizationalUnits;
  const tierOus: Record<string, string[]> = {
    staging: [ous.staging],
    production: [ous['production-apps'], ous['production-data']],
    sandbox: [ous.sandbox],
  };
  for (const tier of data.tiers as ConfigData[]) {
    if (!tierOus[tier.name])
      throw new Error(
        `the example organization has a tier ${tier.name} the end-to-end organization does not map to OUs; add it to endToEndConfigData`,
      );
    tier.organizationalUnits = tierOus[tier.name];
    tier.accounts = [];
  }
  change(data);
  return data;
}

/** {@link endToEndConfigData}, parsed by the real loader. */
export function endToEndConfig(org: LocalOrganization, change?: (data: ConfigData) => void): OrganizationConfig {
  return configFrom(endToEndConfigData(org, change));
}

/** The OU names {@link endToEndConfigData} expects the organization to have. */
export const END_TO_END_OUS = ['staging', 'production-apps', 'production-data', 'sandbox'] as const;

/** A terraform run with its wall time. */
export interface TimedResult extends TerraformResult {
  readonly ms: number;
}

/**
 * Synthesized stacks run with terraform against local AWS. Every {@link synth} writes a new
 * folder; the state lives beside them, so a changed app plans against what an earlier one applied.
 */
export class StackWorkspace {
  /** The workspace folder: `state/` and one `synth-N/` per synthesis. */
  public readonly root: string;
  private readonly env: NodeJS.ProcessEnv;
  private generation = 0;

  constructor(
    public readonly org: LocalOrganization,
    root?: string,
  ) {
    this.root = root ?? mkdtempSync(path.join(tmpdir(), 'e2e-'));
    mkdirSync(path.join(this.root, 'state'), { recursive: true });
    const env = offlineTerraformEnv();
    // Credentials come from the account's key alone, never from a profile or temporary credentials of the machine.
    for (const name of [
      'AWS_PROFILE',
      'AWS_DEFAULT_PROFILE',
      'AWS_SESSION_TOKEN',
      'AWS_SECURITY_TOKEN',
      'AWS_ROLE_ARN',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
    ])
      delete env[name];
    this.env = env;
  }

  /** Synthesizes an app built by `build` into a new folder and returns its stacks. */
  public synth(build: (app: App) => void): Synthesis {
    this.generation += 1;
    const outdir = path.join(this.root, `synth-${this.generation}`, 'cdktf.out');
    mkdirSync(outdir, { recursive: true });
    const app = new App({ outdir });
    build(app);
    app.synth();
    return new Synthesis(outdir, this);
  }

  /** Deletes the workspace folder: state, synthesized stacks and their `.terraform` folders. */
  public remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Runs terraform in `cwd` acting as `accountId`, timed. */
  public async terraform(args: readonly string[], cwd: string, accountId: string): Promise<TimedResult> {
    const started = Date.now();
    const result = await terraform(args, cwd, { ...this.env, ...this.org.envFor(accountId) });
    return { ...result, ms: Date.now() - started };
  }
}

/** One synthesis: its stacks by name. */
export class Synthesis {
  constructor(
    public readonly outdir: string,
    private readonly workspace: StackWorkspace,
  ) {}

  /** A stack of this synthesis; `accountId` is who terraform acts as (default: the account its provider is pinned to). */
  public stack(name: string, accountId?: string): SynthesizedStack {
    const dir = path.join(this.outdir, 'stacks', name);
    return new SynthesizedStack(name, dir, accountId ?? pinnedAccount(dir), this.workspace);
  }
}

/** The account a synthesized stack's default provider allows. */
function pinnedAccount(dir: string): string {
  const json = JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as {
    provider?: { aws?: Array<{ alias?: string; allowed_account_ids?: string[] }> };
  };
  return json.provider?.aws?.find((p) => !p.alias)?.allowed_account_ids?.[0] ?? MANAGEMENT_ACCOUNT;
}

/** Thrown when a terraform command that must work did not; carries its output. */
export class TerraformFailed extends Error {
  constructor(stack: string, args: readonly string[], result: TerraformResult) {
    super(
      `terraform ${args.join(' ')} in ${stack} exited ${result.code}:\n${result.stderr.slice(-6000)}\n${result.stdout.slice(-3000)}`,
    );
    this.name = 'TerraformFailed';
  }
}

/** A synthesized stack folder and the commands the tests run in it. */
export class SynthesizedStack {
  constructor(
    public readonly name: string,
    public readonly dir: string,
    public readonly accountId: string,
    private readonly workspace: StackWorkspace,
  ) {}

  /** Runs terraform here; never throws on a non-zero exit. */
  public run(args: readonly string[]): Promise<TimedResult> {
    return this.workspace.terraform([...args, '-no-color'], this.dir, this.accountId);
  }

  /** Runs terraform here and throws unless it exits with one of `codes`. */
  public async must(args: readonly string[], codes: readonly number[] = [0]): Promise<TimedResult> {
    const result = await this.run(args);
    if (!codes.includes(result.code)) throw new TerraformFailed(this.name, args, result);
    return result;
  }

  public init(): Promise<TimedResult> {
    return this.must(['init', '-input=false']);
  }

  public apply(): Promise<TimedResult> {
    return this.must(['apply', '-auto-approve', '-input=false']);
  }

  public destroy(): Promise<TimedResult> {
    return this.must(['destroy', '-auto-approve', '-input=false']);
  }

  /** `plan -detailed-exitcode`: 0 no changes, 2 changes (1 is an error and throws). */
  public plan(extra: readonly string[] = []): Promise<TimedResult> {
    return this.must(['plan', '-detailed-exitcode', '-input=false', ...extra], [0, 2]);
  }

  /**
   * Saves a plan and returns `terraform show -json` of it, the input of plan review.
   * @param extra plan flags, e.g. `-destroy` or `-replace=ADDRESS`
   */
  public async planJson(extra: readonly string[] = []): Promise<string> {
    await this.must(['plan', '-input=false', '-out=tfplan', ...extra]);
    return (await this.must(['show', '-json', 'tfplan'])).stdout;
  }

  /**
   * Writes a Terraform override file next to the stack (`<name>_override.tf.json`), merged over
   * `cdk.tf.json` by terraform: for test-only settings the product does not make.
   */
  public override(name: string, content: unknown): void {
    writeFileSync(path.join(this.dir, `${name}_override.tf.json`), JSON.stringify(content, null, 2));
  }

  /** The addresses in the stack's state. */
  public async stateList(): Promise<string[]> {
    const result = await this.run(['state', 'list']);
    if (result.code !== 0) return [];
    return result.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }

  /** The synthesized Terraform JSON. */
  public json(): ConfigData {
    return JSON.parse(readFileSync(path.join(this.dir, 'cdk.tf.json'), 'utf8')) as ConfigData;
  }
}
