import { DescribeInstancesCommand, EC2Client, type Instance, type IpPermission } from '@aws-sdk/client-ec2';
import { parseArn } from '../shared/finding';
import { existing } from './lookup';
import type { RunbookContext } from './types';

/*
 * What the EC2 runbook files share. Kept apart from the runbooks so that each remediation
 * function's bundle holds only the EC2 runbooks it runs.
 */

/** The EC2 client of the runbook's account and Region. */
export function ec2(ctx: RunbookContext): EC2Client {
  return ctx.clients.get('ec2', EC2Client);
}

/** The id at the end of an EC2 ARN (`arn:...:vpc/vpc-...`, `arn:...:instance/i-...`), or the resource id as given. */
export function ec2IdOf(ctx: RunbookContext, kind: string): string {
  const arn = parseArn(ctx.resource.Id);
  return arn?.resource.startsWith(`${kind}/`) ? arn.resource.slice(kind.length + 1) : ctx.resource.Id;
}

/**
 * Permissions as the API takes them back: the fields a rule is identified by, plus descriptions
 * (kept for rollback), empty lists left out. Read-only fields of group pairs (peering status,
 * VPC) are dropped.
 */
export function clean(p: IpPermission): IpPermission {
  return {
    IpProtocol: p.IpProtocol,
    ...(p.IpProtocol === '-1' ? {} : { FromPort: p.FromPort, ToPort: p.ToPort }),
    ...(p.IpRanges?.length
      ? {
          IpRanges: p.IpRanges.map((r) => ({
            CidrIp: r.CidrIp,
            ...(r.Description ? { Description: r.Description } : {}),
          })),
        }
      : {}),
    ...(p.Ipv6Ranges?.length
      ? {
          Ipv6Ranges: p.Ipv6Ranges.map((r) => ({
            CidrIpv6: r.CidrIpv6,
            ...(r.Description ? { Description: r.Description } : {}),
          })),
        }
      : {}),
    ...(p.PrefixListIds?.length
      ? {
          PrefixListIds: p.PrefixListIds.map((r) => ({
            PrefixListId: r.PrefixListId,
            ...(r.Description ? { Description: r.Description } : {}),
          })),
        }
      : {}),
    ...(p.UserIdGroupPairs?.length
      ? {
          UserIdGroupPairs: p.UserIdGroupPairs.map((r) => ({
            GroupId: r.GroupId,
            ...(r.UserId ? { UserId: r.UserId } : {}),
            ...(r.Description ? { Description: r.Description } : {}),
          })),
        }
      : {}),
  };
}

/** The same permissions without descriptions: what a revoke call matches on. */
export function withoutDescriptions(permissions: readonly IpPermission[]): IpPermission[] {
  const strip = <T extends { Description?: string }>(items: T[] | undefined): T[] | undefined =>
    items?.map(({ Description: _d, ...rest }) => rest as T);
  return permissions
    .map((p) => ({
      ...p,
      IpRanges: strip(p.IpRanges),
      Ipv6Ranges: strip(p.Ipv6Ranges),
      PrefixListIds: strip(p.PrefixListIds),
      UserIdGroupPairs: strip(p.UserIdGroupPairs),
    }))
    .map(clean);
}

/**
 * The EC2 instance the finding names.
 * @throws ResourceNotFoundError when it no longer exists or is terminated
 */
export async function describeInstance(ctx: RunbookContext): Promise<Instance> {
  const instanceId = ec2IdOf(ctx, 'instance');
  return existing(
    `instance ${instanceId}`,
    async () => {
      const instance = (await ec2(ctx).send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })))
        .Reservations?.[0]?.Instances?.[0];
      return instance?.State?.Name === 'terminated' ? undefined : instance;
    },
    'InvalidInstanceID.NotFound',
    'InvalidInstanceID.Malformed',
  );
}
