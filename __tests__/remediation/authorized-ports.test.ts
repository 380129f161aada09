import { opensUnauthorizedPort, parsePortRanges } from '../../remediation-functions/runbooks/ec2-authorized-ports';

/* EC2.18's port lists: what the runbook counts as authorized, and the message for a list it cannot read. */

describe('authorized port lists (EC2.18)', () => {
  test('reads ports and dash ranges as EC2.18 and its AWS Config rule write them; empty means none', () => {
    expect(parsePortRanges('80, 443,1020-1025', 'authorizedTcpPorts')).toEqual([
      { from: 80, to: 80 },
      { from: 443, to: 443 },
      { from: 1020, to: 1025 },
    ]);
    expect(parsePortRanges('', 'authorizedUdpPorts')).toEqual([]);
  });

  test.each(['70000', '443-80', 'https'])(
    'refuses %j, naming the parameter, the entry and where to fix it',
    (entry) => {
      expect(() => parsePortRanges(`80,${entry}`, 'authorizedTcpPorts')).toThrow(
        new RegExp(
          `authorizedTcpPorts has "${entry}", which is not a port or a range of ports .*remediation\\.parameters\\.RevokePublicIngressUnauthorizedPorts\\.authorizedTcpPorts`,
        ),
      );
    },
  );

  const selects = opensUnauthorizedPort(
    parsePortRanges('80,443,8000-8010,8011-8020', 't'),
    parsePortRanges('500', 'u'),
  );

  test('a TCP or UDP rule is picked when any port of its range is outside the list', () => {
    expect(selects({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })).toBe(false);
    // Adjacent authorized ranges together cover 8000-8020.
    expect(selects({ IpProtocol: 'tcp', FromPort: 8000, ToPort: 8020 })).toBe(false);
    expect(selects({ IpProtocol: 'tcp', FromPort: 80, ToPort: 443 })).toBe(true);
    expect(selects({ IpProtocol: 'tcp', FromPort: -1, ToPort: -1 })).toBe(true);
    expect(selects({ IpProtocol: 'udp', FromPort: 500, ToPort: 500 })).toBe(false);
    expect(selects({ IpProtocol: '17', FromPort: 53, ToPort: 53 })).toBe(true);
  });

  test('all traffic opens every port; ICMP and other protocols are not what EC2.18 counts', () => {
    expect(selects({ IpProtocol: '-1' })).toBe(true);
    expect(opensUnauthorizedPort([{ from: 0, to: 65535 }], [{ from: 0, to: 65535 }])({ IpProtocol: '-1' })).toBe(false);
    expect(selects({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 })).toBe(false);
  });
});
