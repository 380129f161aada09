import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
  type IpPermission,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { clean, ec2, ec2IdOf, withoutDescriptions } from './ec2-client';
import { tagMap, type Runbook, type RunbookContext } from './types';

/*
 * What the security group runbooks share: reading a group, describing its rules, putting rules
 * back, and the one runbook shape that revokes world-open inbound rules. Kept apart from the
 * runbooks themselves so that a function holding one of them does not bundle the others.
 */

const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';

/** The finding's security group as EC2 describes it now. */
export async function describeGroup(ctx: RunbookContext): Promise<SecurityGroup> {
  const groupId = ec2IdOf(ctx, 'security-group');
  try {
    const group = (await ec2(ctx).send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0];
    if (group) return group;
  } catch (error) {
    if (!isAwsError(error, 'InvalidGroup.NotFound', 'InvalidGroupId.Malformed')) throw error;
  }
  throw new ResourceNotFoundError(`security group ${groupId} no longer exists`);
}

/** One rule as a change line: direction, protocol and ports, and its sources or destinations. */
export function describePermission(p: IpPermission, direction: 'inbound' | 'outbound'): string {
  const ports = p.IpProtocol === '-1' ? 'all traffic' : `${p.IpProtocol} ${p.FromPort}-${p.ToPort}`;
  const sources = [
    ...(p.IpRanges ?? []).map((r) => r.CidrIp),
    ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
    ...(p.PrefixListIds ?? []).map((r) => r.PrefixListId),
    ...(p.UserIdGroupPairs ?? []).map((r) => r.GroupId),
  ];
  return `${direction} ${ports} ${direction === 'inbound' ? 'from' : 'to'} ${sources.join(', ')}`;
}

/** Authorizes rules one range at a time, so rules that are back already (someone re-added them) do not stop the rest. */
export async function authorizeEach(
  ctx: RunbookContext,
  groupId: string,
  permissions: readonly IpPermission[],
  direction: 'ingress' | 'egress',
): Promise<void> {
  for (const p of permissions) {
    const singles: IpPermission[] = [
      ...(p.IpRanges ?? []).map((r) =>
        clean({ ...p, IpRanges: [r], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }),
      ),
      ...(p.Ipv6Ranges ?? []).map((r) =>
        clean({ ...p, IpRanges: [], Ipv6Ranges: [r], PrefixListIds: [], UserIdGroupPairs: [] }),
      ),
      ...(p.PrefixListIds ?? []).map((r) =>
        clean({ ...p, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [r], UserIdGroupPairs: [] }),
      ),
      ...(p.UserIdGroupPairs ?? []).map((r) =>
        clean({ ...p, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [r] }),
      ),
    ];
    for (const single of singles) {
      try {
        const input = { GroupId: groupId, IpPermissions: [single] };
        if (direction === 'ingress') await ec2(ctx).send(new AuthorizeSecurityGroupIngressCommand(input));
        else await ec2(ctx).send(new AuthorizeSecurityGroupEgressCommand(input));
      } catch (error) {
        if (!isAwsError(error, 'InvalidPermission.Duplicate')) throw error;
      }
    }
  }
}

/** Whether an inbound rule's protocol and port range are ones a runbook revokes when they are open to anywhere. */
export type IngressSelector = (p: IpPermission) => boolean;

/** Which "anywhere" ranges count. */
export interface AnywhereRanges {
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}

/**
 * The parts of the group's inbound permissions the selector picks that are open to anywhere: only
 * their 0.0.0.0/0 or ::/0 ranges (other sources of the same rule stay). A range cannot be revoked
 * in part, so a rule whose port range the selector picks is revoked as a whole.
 */
export function openIngress(
  permissions: readonly IpPermission[],
  selects: IngressSelector,
  ranges: AnywhereRanges,
): IpPermission[] {
  const found: IpPermission[] = [];
  for (const p of permissions) {
    if (!selects(p)) continue;
    const ipRanges = ranges.ipv4 ? (p.IpRanges ?? []).filter((r) => r.CidrIp === ANY_IPV4) : [];
    const ipv6Ranges = ranges.ipv6 ? (p.Ipv6Ranges ?? []).filter((r) => r.CidrIpv6 === ANY_IPV6) : [];
    if (ipRanges.length + ipv6Ranges.length === 0) continue;
    found.push(
      clean({
        IpProtocol: p.IpProtocol,
        FromPort: p.FromPort,
        ToPort: p.ToPort,
        IpRanges: ipRanges,
        Ipv6Ranges: ipv6Ranges,
      }),
    );
  }
  return found;
}

/** The port range a rule opens: all-traffic rules and FromPort -1 mean every port. */
export function portRangeOf(p: IpPermission): { readonly from: number; readonly to: number } {
  if (p.IpProtocol === '-1' || p.FromPort === -1) return { from: 0, to: 65535 };
  return { from: p.FromPort ?? 0, to: p.ToPort ?? 65535 };
}

/** What a revoke-ingress runbook looks for. */
export interface OpenIngressCheck extends AnywhereRanges {
  readonly name: string;
  /** The selector for this run (runbooks whose ports are parameters build it from the context). */
  selector(ctx: RunbookContext): IngressSelector;
}

/** The inbound rules a revoke runbook took away. */
export interface RevokedIngressState {
  readonly groupId: string;
  readonly revoked: IpPermission[];
}

/** A runbook that revokes the world-open inbound rules the check selects; rollback authorizes exactly those again. */
export function revokeOpenIngress(check: OpenIngressCheck): Runbook<RevokedIngressState> {
  return {
    name: check.name,
    rollbackKind: 'additive',
    resourceTypes: ['AwsEc2SecurityGroup'],
    async inspect(ctx) {
      const group = await describeGroup(ctx);
      const revoked = openIngress(group.IpPermissions ?? [], check.selector(ctx), check);
      return {
        before: { groupId: group.GroupId ?? ec2IdOf(ctx, 'security-group'), revoked },
        changes: revoked.map((p) => `revoke ${describePermission(p, 'inbound')} on ${group.GroupId}`),
        tags: tagMap(group.Tags),
      };
    },
    async apply(ctx, { before }) {
      await ec2(ctx).send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: before.groupId,
          IpPermissions: withoutDescriptions(before.revoked),
        }),
      );
    },
    async rollback(ctx, before) {
      await authorizeEach(ctx, before.groupId, before.revoked, 'ingress');
    },
  };
}
