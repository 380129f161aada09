import type { IpPermission } from '@aws-sdk/client-ec2';
import { portRangeOf, revokeOpenIngress, type IngressSelector } from './ec2-ingress';
import type { RunbookContext } from './types';

/** A port list as EC2.18 and its AWS Config rule write it: `80,443` or `443,1020-1025`; empty means none. */
export type PortRanges = readonly { readonly from: number; readonly to: number }[];

/**
 * Parses a comma-separated list of ports and dash ranges.
 * @param parameter named in the error
 * @throws Error naming the parameter and the bad entry when a part is not a port or range within 0-65535
 */
export function parsePortRanges(text: string, parameter: string): PortRanges {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
      const from = Number(match?.[1]);
      const to = match?.[2] === undefined ? from : Number(match[2]);
      if (!match || from > to || to > 65535) {
        throw new Error(
          `runbook parameter ${parameter} has ${JSON.stringify(part)}, which is not a port or a range of ports (0-65535, e.g. "443" or "1020-1025"); fix remediation.parameters.RevokePublicIngressUnauthorizedPorts.${parameter}.`,
        );
      }
      return { from, to };
    });
}

/** True when every port from `from` to `to` lies in one of the authorized ranges. */
function allAuthorized(from: number, to: number, authorized: PortRanges): boolean {
  let next = from;
  // Walk the range forward through the authorized ranges that cover its next port.
  for (;;) {
    const covering = authorized.find((r) => r.from <= next && r.to >= next);
    if (!covering) return false;
    if (covering.to >= to) return true;
    next = covering.to + 1;
  }
}

/**
 * Selects the TCP, UDP and all-traffic rules that open a port outside the authorized lists (an
 * all-traffic rule opens every TCP and UDP port). Other protocols (ICMP and the like) are not
 * what EC2.18 counts, and stay.
 */
export function opensUnauthorizedPort(tcp: PortRanges, udp: PortRanges): IngressSelector {
  return (p: IpPermission) => {
    const { from, to } = portRangeOf(p);
    switch (p.IpProtocol) {
      case '-1':
        return !allAuthorized(0, 65535, tcp) || !allAuthorized(0, 65535, udp);
      case 'tcp':
      case '6':
        return !allAuthorized(from, to, tcp);
      case 'udp':
      case '17':
        return !allAuthorized(from, to, udp);
      default:
        return false;
    }
  };
}

function selectorFor(ctx: RunbookContext): IngressSelector {
  return opensUnauthorizedPort(
    parsePortRanges(ctx.parameters.string('authorizedTcpPorts'), 'authorizedTcpPorts'),
    parsePortRanges(ctx.parameters.string('authorizedUdpPorts'), 'authorizedUdpPorts'),
  );
}

/** EC2.18: 0.0.0.0/0 and ::/0 reach only the authorized TCP and UDP ports. */
export const revokePublicIngressUnauthorizedPorts = revokeOpenIngress({
  name: 'RevokePublicIngressUnauthorizedPorts',
  ipv4: true,
  ipv6: true,
  selector: selectorFor,
});
