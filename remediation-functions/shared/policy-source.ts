import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { parseRemediationPolicy, type RemediationPolicy } from '../../core/remediation-policy';

/** Supplies the current RemediationPolicy. */
export interface PolicySource {
  load(): Promise<RemediationPolicy>;
}

/** A fixed policy: from the REMEDIATION_POLICY environment variable, or built by a test. */
export class StaticPolicySource implements PolicySource {
  readonly #policy: RemediationPolicy;

  constructor(policy: unknown) {
    this.#policy = parseRemediationPolicy(policy);
  }

  public async load(): Promise<RemediationPolicy> {
    return this.#policy;
  }
}

/**
 * The policy from an SSM parameter (large organizations outgrow Lambda's 4 KB of environment),
 * re-read at most every `maxAgeMs` so a config change reaches warm containers within minutes.
 */
export class SsmParameterPolicySource implements PolicySource {
  #cached?: { readonly policy: RemediationPolicy; readonly at: number };

  readonly #ssm: SSMClient;
  readonly #parameterName: string;
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor(ssm: SSMClient, parameterName: string, maxAgeMs = 5 * 60_000, now = (): number => Date.now()) {
    this.#ssm = ssm;
    this.#parameterName = parameterName;
    this.#maxAgeMs = maxAgeMs;
    this.#now = now;
  }

  public async load(): Promise<RemediationPolicy> {
    if (this.#cached && this.#now() - this.#cached.at < this.#maxAgeMs) return this.#cached.policy;
    const response = await this.#ssm.send(new GetParameterCommand({ Name: this.#parameterName }));
    const value = response.Parameter?.Value;
    if (!value) throw new Error(`SSM parameter ${this.#parameterName} holds no RemediationPolicy.`);
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      throw new Error(
        `SSM parameter ${this.#parameterName} is not JSON; it should hold the RemediationPolicy that config/remediation-schema.ts builds.`,
      );
    }
    const policy = parseRemediationPolicy(json);
    this.#cached = { policy, at: this.#now() };
    return policy;
  }
}
