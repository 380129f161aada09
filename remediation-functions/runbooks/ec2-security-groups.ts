import {
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { NotRemediableError } from '../shared/errors';
import { clean, ec2, ec2IdOf, withoutDescriptions } from './ec2-client';
import {
  authorizeEach,
  describeGroup,
  describePermission,
  portRangeOf,
  revokeOpenIngress,
  type AnywhereRanges,
  type IngressSelector,
  type RevokedIngressState,
} from './ec2-ingress';
import { tagMap, type Runbook } from './types';

/** Ports Security Hub calls high-risk in EC2.19. */
export const HIGH_RISK_PORTS: readonly number[] = [
  20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888,
  9200, 9300,
];

/**
 * Selects TCP and all-traffic rules whose port range covers one of the ports (FromPort -1 with
 * tcp means every port).
 */
export function reachesPort(ports: readonly number[]): IngressSelector {
  return (p) => {
    if (p.IpProtocol !== '-1' && p.IpProtocol !== 'tcp' && p.IpProtocol !== '6') return false;
    const { from, to } = portRangeOf(p);
    return ports.some((port) => port >= from && port <= to);
  };
}

function revokeReaching(name: string, ports: readonly number[], ranges: AnywhereRanges): Runbook<RevokedIngressState> {
  const selects = reachesPort(ports);
  return revokeOpenIngress({ name, ...ranges, selector: () => selects });
}

/** EC2.19: no 0.0.0.0/0 or ::/0 ingress to a high-risk port. */
export const revokePublicIngressHighRiskPorts = revokeReaching('RevokePublicIngressHighRiskPorts', HIGH_RISK_PORTS, {
  ipv4: true,
  ipv6: true,
});
/** EC2.13: no 0.0.0.0/0 or ::/0 ingress to port 22. */
export const revokePublicIngressPort22 = revokeReaching('RevokePublicIngressPort22', [22], { ipv4: true, ipv6: true });
/** EC2.14: no 0.0.0.0/0 or ::/0 ingress to port 3389. */
export const revokePublicIngressPort3389 = revokeReaching('RevokePublicIngressPort3389', [3389], {
  ipv4: true,
  ipv6: true,
});
/** EC2.53: no 0.0.0.0/0 ingress to remote administration ports. */
export const revokePublicIPv4AdminPortIngress = revokeReaching('RevokePublicIPv4AdminPortIngress', [22, 3389], {
  ipv4: true,
  ipv6: false,
});
/** EC2.54: no ::/0 ingress to remote administration ports. */
export const revokePublicIPv6AdminPortIngress = revokeReaching('RevokePublicIPv6AdminPortIngress', [22, 3389], {
  ipv4: false,
  ipv6: true,
});

/** The default group's rules before the run. */
interface DefaultGroupState {
  readonly groupId: string;
  readonly ingress: IpPermission[];
  readonly egress: IpPermission[];
}

/** EC2.2: the VPC's default security group allows no traffic. */
export const removeDefaultSecurityGroupRules: Runbook<DefaultGroupState> = {
  name: 'RemoveDefaultSecurityGroupRules',
  rollbackKind: 'additive',
  resourceTypes: ['AwsEc2SecurityGroup'],
  async inspect(ctx) {
    const group = await describeGroup(ctx);
    if (group.GroupName !== 'default')
      throw new NotRemediableError(
        `security group ${group.GroupId} is ${JSON.stringify(group.GroupName)}, not a VPC's default group; EC2.2 applies only to default groups`,
      );
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
    if (before.ingress.length > 0)
      await ec2(ctx).send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: before.groupId,
          IpPermissions: withoutDescriptions(before.ingress),
        }),
      );
    if (before.egress.length > 0)
      await ec2(ctx).send(
        new RevokeSecurityGroupEgressCommand({
          GroupId: before.groupId,
          IpPermissions: withoutDescriptions(before.egress),
        }),
      );
  },
  async rollback(ctx, before) {
    await authorizeEach(ctx, before.groupId, before.ingress, 'ingress');
    await authorizeEach(ctx, before.groupId, before.egress, 'egress');
  },
};
