import { CloudformationStackSet } from './framework';
import { MemberExecutionRole } from './member-execution-role';
import { synth } from '../__tests__/support/synth-constructs';

describe('MemberExecutionRole', () => {
  const props = {
    roleName: 'securityhub-remediation',
    actions: ['s3:PutAccountPublicAccessBlock', 'ec2:RevokeSecurityGroupIngress'],
    trustedRoleArn: 'arn:aws:iam::111122223333:role/remediation',
    organizationId: 'o-abc123',
    organizationalUnits: ['ou-ab12-cd34ef56'],
    region: 'us-east-1',
    stackSetName: 'securityhub-remediation-staging',
  };

  test('a service-managed, auto-deployed StackSet whose role trusts only the remediation role within the organization', () => {
    const { resources } = synth((s) => new MemberExecutionRole(s, 'role', props));
    const [stackSet] = Object.values(resources[CloudformationStackSet.tfResourceType]);
    expect(stackSet).toMatchObject({ permission_model: 'SERVICE_MANAGED', auto_deployment: { enabled: true } });
    const role = JSON.parse(stackSet.template_body).Resources.ExecutionRole.Properties;
    expect(role.AssumeRolePolicyDocument.Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { AWS: props.trustedRoleArn },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
    });
    // Write actions are scoped to the resources they touch; only account-level actions keep "*".
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([
      {
        Sid: 'Runbooks1',
        Effect: 'Allow',
        Action: ['ec2:RevokeSecurityGroupIngress'],
        Resource: 'arn:aws:ec2:*:*:security-group/*',
      },
      { Sid: 'Runbooks2', Effect: 'Allow', Action: ['s3:PutAccountPublicAccessBlock'], Resource: '*' },
    ]);
    expect(role).toMatchObject({ RoleName: 'securityhub-remediation', Path: '/' });
    const [instance] = Object.values(resources.aws_cloudformation_stack_set_instance);
    expect(instance.deployment_targets).toEqual({ organizational_unit_ids: ['ou-ab12-cd34ef56'] });
  });

  test('a role name with a path becomes Path and RoleName', () => {
    const { resources } = synth(
      (s) => new MemberExecutionRole(s, 'role', { ...props, roleName: 'security/Remediation' }),
    );
    const [stackSet] = Object.values(resources[CloudformationStackSet.tfResourceType]);
    expect(JSON.parse(stackSet.template_body).Resources.ExecutionRole.Properties).toMatchObject({
      RoleName: 'Remediation',
      Path: '/security/',
    });
  });

  test('refuses wildcards, an empty action list and targets it cannot reach', () => {
    expect(() =>
      synth((s) => new MemberExecutionRole(s, 'r', { ...props, actions: ['ec2:TerminateInstances'] })),
    ).toThrow(/write action "ec2:TerminateInstances" has no resource scope/);
    expect(() => synth((s) => new MemberExecutionRole(s, 'r', { ...props, actions: ['s3:*'] }))).toThrow(
      /action "s3:\*" is a wildcard/,
    );
    expect(() => synth((s) => new MemberExecutionRole(s, 'r', { ...props, actions: [] }))).toThrow(/actions is empty/);
    expect(() =>
      synth((s) => new MemberExecutionRole(s, 'r', { ...props, organizationalUnits: [], accounts: ['123456789012'] })),
    ).toThrow(/accounts without rootId/);
  });
});
