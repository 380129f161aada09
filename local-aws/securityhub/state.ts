import type { SecurityStandard } from '../../domain/security-standard';
import { hubArn } from './arns';
import { notSubscribed } from './errors';
import { FindingQueries } from './findings/query';
import { FindingStore, type StoredFinding } from './findings/store';
import type { Caller } from './identity';
import { PageTokens } from './pagination';
import type { JsonObject } from './validate';

/** An enabled standard in one account and Region. */
export interface StandardsSubscriptionState {
  readonly subscriptionArn: string;
  readonly standardsArn: string;
  readonly standard: SecurityStandard;
  readonly input: Record<string, string>;
}

/** Whether a control is enabled in one enabled standard. */
export interface ControlAssociationState {
  status: 'ENABLED' | 'DISABLED';
  updatedReason?: string;
  updatedAt: string;
}

/** A control's customised parameters (UpdateSecurityControl). */
export interface ControlParametersState {
  parameters: JsonObject;
  lastUpdateReason?: string;
}

/** A custom action. */
export interface ActionTargetState {
  readonly arn: string;
  name: string;
  description: string;
}

/** A custom insight. */
export interface InsightState {
  readonly arn: string;
  name: string;
  filters: JsonObject;
  groupByAttribute: string;
}

/** A cross-Region finding aggregator, kept in the hub of its aggregation Region. */
export interface AggregatorState {
  readonly arn: string;
  readonly region: string;
  linkingMode: string;
  regions: string[];
}

/** An automation rule (V1). */
export interface AutomationRuleState {
  readonly arn: string;
  ruleStatus: string;
  ruleOrder: number;
  ruleName: string;
  description: string;
  isTerminal: boolean;
  criteria: JsonObject;
  actions: JsonObject[];
  readonly createdAt: string;
  updatedAt: string;
  readonly createdBy: string;
}

/** A member account as its administrator sees it. */
export interface MemberState {
  readonly accountId: string;
  readonly email?: string;
  readonly administratorId: string;
  status: string;
  invitedAt?: string;
  updatedAt: string;
}

/** An invitation waiting in a member account. */
export interface InvitationState {
  readonly administratorId: string;
  readonly invitationId: string;
  readonly invitedAt: string;
  status: string;
}

/** The organization configuration an administrator set in one Region. */
export interface OrganizationConfigurationState {
  autoEnable: boolean;
  autoEnableStandards: string;
  configurationType: 'LOCAL' | 'CENTRAL';
}

/** A central configuration policy. */
export interface ConfigurationPolicyState {
  readonly id: string;
  readonly arn: string;
  name: string;
  description?: string;
  policy: JsonObject;
  readonly createdAt: string;
  updatedAt: string;
}

/** A configuration policy applied to an account, OU or root. */
export interface PolicyAssociationState {
  readonly targetId: string;
  readonly targetType: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT' | 'ROOT';
  policyId: string;
  updatedAt: string;
}

/** Security Hub in one account and one Region: everything that exists while the hub is enabled. */
export class Hub {
  public readonly arn: string;
  public autoEnableControls = true;
  public controlFindingGenerator = 'SECURITY_CONTROL';
  public readonly standards = new Map<string, StandardsSubscriptionState>();
  /** Keyed by `SecurityControlId` and `StandardsArn` (see {@link associationKey}). */
  public readonly associations = new Map<string, ControlAssociationState>();
  public readonly controlParameters = new Map<string, ControlParametersState>();
  public readonly actionTargets = new Map<string, ActionTargetState>();
  public readonly insights = new Map<string, InsightState>();
  public aggregator?: AggregatorState;
  public readonly automationRules = new Map<string, AutomationRuleState>();
  public readonly members = new Map<string, MemberState>();
  /** Invitations received, keyed by the inviting administrator. */
  public readonly invitations = new Map<string, InvitationState>();
  /** This account's administrator, once it accepted an invitation. */
  public administrator?: { accountId: string; invitationId: string; status: string; invitedAt: string };
  /** Product subscription ARNs by product ARN. */
  public readonly productSubscriptions = new Map<string, string>();
  public organizationConfiguration?: OrganizationConfigurationState;
  public readonly configurationPolicies = new Map<string, ConfigurationPolicyState>();
  public readonly policyAssociations = new Map<string, PolicyAssociationState>();

  constructor(
    public readonly caller: Caller,
    public readonly subscribedAt: string,
  ) {
    this.arn = hubArn(caller);
  }

  /** The account this hub belongs to. */
  public get accountId(): string {
    return this.caller.accountId;
  }

  /** The Region this hub runs in. */
  public get region(): string {
    return this.caller.region;
  }

  /** The number of things defined in this hub, for state-is-empty checks. */
  public resourceCount(): number {
    return (
      this.standards.size +
      this.actionTargets.size +
      this.insights.size +
      (this.aggregator ? 1 : 0) +
      this.automationRules.size +
      this.members.size +
      this.productSubscriptions.size +
      this.configurationPolicies.size +
      this.policyAssociations.size
    );
  }
}

/** The key of a control association in {@link Hub.associations}. */
export function associationKey(securityControlId: string, standardsArn: string): string {
  return `${securityControlId}\u0000${standardsArn}`;
}

/** Options that shape who administers whom. */
export interface StateOptions {
  /**
   * An account that administers every other account, as a delegated administrator of an
   * organization with every account enrolled would: it sees their findings in each Region.
   */
  readonly administratorAccountId?: string;
}

/**
 * Everything the emulator knows, across accounts and Regions. Hubs are per account and Region;
 * findings and tags live outside hubs because several accounts see the same findings and tags
 * are addressed by ARN alone.
 */
export class EmulatorState {
  public readonly hubs = new Map<string, Hub>();
  public readonly findings = new FindingStore();
  public readonly tokens = new PageTokens();
  public readonly queries = new FindingQueries(this.findings, this.tokens);
  /** Tags by resource ARN. */
  public readonly tags = new Map<string, Record<string, string>>();
  /** The organization's management account, once it designated an administrator. */
  public managementAccountId?: string;
  /** The organization's delegated administrator, by Region. */
  public readonly organizationAdmins = new Map<string, string>();
  public administratorAccountId?: string;

  constructor(options: StateOptions = {}) {
    this.administratorAccountId = options.administratorAccountId;
  }

  private static hubKey(accountId: string, region: string): string {
    return `${accountId}/${region}`;
  }

  /** The hub of an account in a Region, if enabled. */
  public hubOf(accountId: string, region: string): Hub | undefined {
    return this.hubs.get(EmulatorState.hubKey(accountId, region));
  }

  /** The caller's hub. @throws InvalidAccessException when the caller has not enabled Security Hub */
  public requireHub(caller: Caller): Hub {
    const hub = this.hubOf(caller.accountId, caller.region);
    if (!hub) throw notSubscribed(caller.accountId);
    return hub;
  }

  /** Enables Security Hub for the caller. @returns the new hub */
  public addHub(caller: Caller, now: string): Hub {
    const hub = new Hub(caller, now);
    this.hubs.set(EmulatorState.hubKey(caller.accountId, caller.region), hub);
    return hub;
  }

  /** Disables Security Hub for an account in a Region, dropping everything it held. */
  public removeHub(hub: Hub): void {
    this.hubs.delete(EmulatorState.hubKey(hub.accountId, hub.region));
    for (const arn of [
      hub.arn,
      ...hub.automationRules.keys(),
      ...[...hub.configurationPolicies.values()].map((p) => p.arn),
    ])
      this.tags.delete(arn);
    this.findings.deleteWhere((f) => f.accountId === hub.accountId && f.region === hub.region);
  }

  /**
   * True when `adminId` may see and update the findings of `memberId` in `region`: its own
   * account, the configured administrator, the organization's delegated administrator in that
   * Region, or an administrator the member accepted (or the organization enrolled).
   */
  public administers(adminId: string, memberId: string, region: string): boolean {
    if (adminId === memberId || adminId === this.administratorAccountId) return true;
    if (this.organizationAdmins.get(region) === adminId) return true;
    const member = this.hubOf(adminId, region)?.members.get(memberId);
    return member?.status === 'Enabled' || member?.status === 'Associated';
  }

  /**
   * The Regions whose findings the caller sees from its Region: its own, plus those its finding
   * aggregator links when the caller's Region is the aggregation Region.
   */
  public linkedRegions(caller: Caller): (region: string) => boolean {
    const aggregator = this.hubOf(caller.accountId, caller.region)?.aggregator;
    if (!aggregator) return (region) => region === caller.region;
    const listed = new Set(aggregator.regions);
    switch (aggregator.linkingMode) {
      case 'ALL_REGIONS':
        return () => true;
      case 'ALL_REGIONS_EXCEPT_SPECIFIED':
        return (region) => region === caller.region || !listed.has(region);
      case 'SPECIFIED_REGIONS':
        return (region) => region === caller.region || listed.has(region);
      default:
        return (region) => region === caller.region;
    }
  }

  /** A predicate for the findings the caller may see, memoised per account and Region pair. */
  public visibleTo(caller: Caller): (stored: StoredFinding) => boolean {
    const inRegion = this.linkedRegions(caller);
    const memo = new Map<string, boolean>();
    return (stored) => {
      const pair = `${stored.accountId}/${stored.region}`;
      let allowed = memo.get(pair);
      if (allowed === undefined) {
        allowed = inRegion(stored.region) && this.administers(caller.accountId, stored.accountId, stored.region);
        memo.set(pair, allowed);
      }
      return allowed;
    };
  }

  /** Counts of what the emulator holds, to check that a destroy left nothing behind. */
  public summary(): { hubs: number; resources: number; findings: number; organizationAdmins: number } {
    let resources = 0;
    for (const hub of this.hubs.values()) resources += hub.resourceCount();
    return {
      hubs: this.hubs.size,
      resources,
      findings: this.findings.size,
      organizationAdmins: this.organizationAdmins.size,
    };
  }
}
