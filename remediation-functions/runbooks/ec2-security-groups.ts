import {
  AuthorizeSecurityGroupEgressCommand, AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand, RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand, type IpPermission, type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { isAwsError, NotRemediableError, ResourceNotFoundError } from '../shared/errors';
import { clean, ec2, ec2IdOf, withoutDescriptions } from './ec2-client';
import { tagMap, type Runbook, type RunbookContext } from './types';

/** Ports Security Hub calls high-risk in EC2.19. */
export const HIGH_RISK_PORTS: readonly number[] = [20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300];

const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';

async function describeGroup(ctx: RunbookContext): Promise<SecurityGroup> {
  const groupId = ec2IdOf(ctx, 'security-group');
  try {
    const group = (await ec2(ctx).send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0];
    if (group) return group;
  } catch (error) {
    if (!isAwsError(error, 'InvalidGroup.NotFound', 'InvalidGroupId.Malformed')) throw error;
  }
  throw new ResourceNotFoundError(`security group ${groupId} no longer exists`);
}

function describePermission(p: IpPermission, direction: 'inbound' | 'outbound'): string {
  const ports = p.IpProtocol === '-1' ? 'all traffic' : `${p.IpProtocol} ${p.FromPort}-${p.ToPort}`;
  const sources = [
    ...(p.IpRanges ?? []).map((r) => r.CidrIp), ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
    ...(p.PrefixListIds ?? []).map((r) => r.PrefixListId), ...(p.UserIdGroupPairs ?? []).map((r) => r.GroupId),
  ];
  return `${direction} ${ports} ${direction === 'inbound' ? 'from' : 'to'} ${sources.join(', ')}`;
}

/** What a revoke-ingress runbook looks for: which ports count and which "anywhere" ranges. */
interface OpenIngressCheck {
  readonly name: string;
  readonly ports: readonly number[];
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}

/**
 * The parts of the group's inbound permissions that open one of the ports to anywhere: only the
 * 0.0.0.0/0 or ::/0 ranges of TCP or all-traffic permissions whose port range covers a listed port.
 * A range cannot be revoked in part, so a rule spanning a listed port is revoked as a whole.
 */
export function openIngress(permissions: readonly IpPermission[], check: Omit<OpenIngressCheck, 'name'>): IpPermission[] {
  const found: IpPermission[] = [];
  for (const p of permissions) {
    const allTraffic = p.IpProtocol === '-1';
    const tcp = p.IpProtocol === 'tcp' || p.IpProtocol === '6';
    if (!allTraffic && !tcp) continue;
    const from = p.FromPort ?? 0;
    const to = p.ToPort ?? 65535;
    // FromPort -1 with tcp means every port.
    if (!allTraffic && from !== -1 && !check.ports.some((port) => port >= from && port <= to)) continue;
    const ipRanges = check.ipv4 ? (p.IpRanges ?? []).filter((r) => r.CidrIp === ANY_IPV4) : [];
    const ipv6Ranges = check.ipv6 ? (p.Ipv6Ranges ?? []).filter((r) => r.CidrIpv6 === ANY_IPV6) : [];
    if (ipRanges.length + ipv6Ranges.length === 0) continue;
    found.push(clean({ IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort, IpRanges: ipRanges, Ipv6Ranges: ipv6Ranges }));
  }
  return found;
}

/** Authorizes rules one range at a time, so rules that are back already (someone re-added them) do not stop the rest. */
async function authorizeEach(ctx: RunbookContext, groupId: string, permissions: readonly IpPermission[], direction: 'ingress' | 'egress'): Promise<void> {
  for (const p of permissions) {
    const singles: IpPermission[] = [
      ...(p.IpRanges ?? []).map((r) => ({ ...clean({ ...p, IpRanges: [r], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }) })),
      ...(p.Ipv6Ranges ?? []).map((r) => clean({ ...p, IpRanges: [], Ipv6Ranges: [r], PrefixListIds: [], UserIdGroupPairs: [] })),
      ...(p.PrefixListIds ?? []).map((r) => clean({ ...p, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [r], UserIdGroupPairs: [] })),
      ...(p.UserIdGroupPairs ?? []).map((r) => clean({ ...p, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [r] })),
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

/** The inbound rules a revoke runbook took away. */
interface RevokedIngressState {
  readonly groupId: string;
  readonly revoked: IpPermission[];
}

function revokeOpenIngress(check: OpenIngressCheck): Runbook<RevokedIngressState> {
  return {
    name: check.name,
    resourceTypes: ['AwsEc2SecurityGroup'],
    async inspect(ctx) {
      const group = await describeGroup(ctx);
      const revoked = openIngress(group.IpPermissions ?? [], check);
      return {
        before: { groupId: group.GroupId ?? ec2IdOf(ctx, 'security-group'), revoked },
        changes: revoked.map((p) => `revoke ${describePermission(p, 'inbound')} on ${group.GroupId}`),
        tags: tagMap(group.Tags),
      };
    },
    async apply(ctx, { before }) {
      await ec2(ctx).send(new RevokeSecurityGroupIngressCommand({ GroupId: before.groupId, IpPermissions: withoutDescriptions(before.revoked) }));
    },
    async rollback(ctx, before) {
      await authorizeEach(ctx, before.groupId, before.revoked, 'ingress');
    },
  };
}

/** EC2.19: no 0.0.0.0/0 or ::/0 ingress to a high-risk port. */
export const revokePublicIngressHighRiskPorts = revokeOpenIngress({ name: 'RevokePublicIngressHighRiskPorts', ports: HIGH_RISK_PORTS, ipv4: true, ipv6: true });
/** EC2.13: no 0.0.0.0/0 or ::/0 ingress to port 22. */
export const revokePublicIngressPort22 = revokeOpenIngress({ name: 'RevokePublicIngressPort22', ports: [22], ipv4: true, ipv6: true });
/** EC2.14: no 0.0.0.0/0 or ::/0 ingress to port 3389. */
export const revokePublicIngressPort3389 = revokeOpenIngress({ name: 'RevokePublicIngressPort3389', ports: [3389], ipv4: true, ipv6: true });
/** EC2.53: no 0.0.0.0/0 ingress to remote administration ports. */
export const revokePublicIPv4AdminPortIngress = revokeOpenIngress({ name: 'RevokePublicIPv4AdminPortIngress', ports: [22, 3389], ipv4: true, ipv6: false });
/** EC2.54: no ::/0 ingress to remote administration ports. */
export const revokePublicIPv6AdminPortIngress = revokeOpenIngress({ name: 'RevokePublicIPv6AdminPortIngress', ports: [22, 3389], ipv4: false, ipv6: true });

/** The default group's rules before the run. */
interface DefaultGroupState {
  readonly groupId: string;
  readonly ingress: IpPermission[];
  readonly egress: IpPermission[];
}

/** EC2.2: the VPC's default security group allows no traffic. */
export const removeDefaultSecurityGroupRules: Runbook<DefaultGroupState> = {
  name: 'RemoveDefaultSecurityGroupRules',
  resourceTypes: ['AwsEc2SecurityGroup'],
  async inspect(ctx) {
    const group = await describeGroup(ctx);
    if (group.GroupName !== 'default') throw new NotRemediableError(`security group ${group.GroupId} is ${JSON.stringify(group.GroupName)}, not a VPC's default group; EC2.2 applies only to default groups`);
    const ingress = (group.IpPermissions ?? []).map(clean);
    const egress = (group.IpPermissionsEgress ?? []).map(clean);
    return {
      before: { groupId: group.GroupId ?? ec2IdOf(ctx, 'security-group'), ingress, egress },
      changes: [
        ...ingress.map((p) => `revoke ${describePermission(p, 'inbound')} on default group ${group.GroupId}`),
        ...egress.map((p) => `revoke ${describePermission(p, 'outbound')} on default group ${group.GroupId}`),
      ],
      tags: tagMap(group.Tags),
    };
  },
  async apply(ctx, { before }) {
    if (before.ingress.length > 0) await ec2(ctx).send(new RevokeSecurityGroupIngressCommand({ GroupId: before.groupId, IpPermissions: withoutDescriptions(before.ingress) }));
    if (before.egress.length > 0) await ec2(ctx).send(new RevokeSecurityGroupEgressCommand({ GroupId: before.groupId, IpPermissions: withoutDescriptions(before.egress) }));
  },
  async rollback(ctx, before) {
    await authorizeEach(ctx, before.groupId, before.ingress, 'ingress');
    await authorizeEach(ctx, before.groupId, before.egress, 'egress');
  },
};
