import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  CloudWatchClient,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DeleteMetricFilterCommand,
  DescribeMetricFiltersCommand,
  PutMetricFilterCommand,
  type MetricFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { isAwsError, NotRemediableError, ResourceNotFoundError } from '../shared/errors';
import { parseArn, securityControlIdOf } from '../shared/finding';
import type { Runbook, RunbookContext } from './types';

/*
 * The CIS log metric filter and alarm controls (CloudWatch.1 to CloudWatch.14). Each asks for a
 * metric filter with one exact pattern on the log group a multi-Region trail delivers to, and an
 * alarm on the filter's metric that notifies an SNS topic. The patterns are the ones the Security
 * Hub control reference gives for each control (CIS AWS Foundations Benchmark v1.2 and v1.4).
 */

const or = (...names: string[]): string => names.map((n) => `($.eventName=${n})`).join(' || ');

/** The filter pattern of each control. */
export const METRIC_FILTER_PATTERNS: Readonly<Record<string, { readonly pattern: string; readonly metric: string }>> = {
  'CloudWatch.1': {
    metric: 'RootAccountUsage',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  'CloudWatch.2': {
    metric: 'UnauthorizedAPICalls',
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  },
  // The reference's pattern counts successful IAM user sign-ins only: federated (SSO) sign-ins carry
  // no MFAUsed flag of their own and failed sign-ins are CloudWatch.6's, so the shorter CIS v1.2 form
  // alarms on both.
  'CloudWatch.3': {
    metric: 'ConsoleSigninWithoutMFA',
    pattern:
      '{($.eventName="ConsoleLogin") && ($.additionalEventData.MFAUsed !="Yes") && ($.userIdentity.type="IAMUser") && ($.responseElements.ConsoleLogin="Success")}',
  },
  'CloudWatch.4': {
    metric: 'IAMPolicyChanges',
    pattern: `{${or('DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy')}}`,
  },
  'CloudWatch.5': {
    metric: 'CloudTrailChanges',
    pattern: `{${or('CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging')}}`,
  },
  'CloudWatch.6': {
    metric: 'ConsoleAuthenticationFailures',
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  'CloudWatch.7': {
    metric: 'DisableOrDeleteCMK',
    pattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  },
  'CloudWatch.8': {
    metric: 'S3BucketPolicyChanges',
    pattern: `{($.eventSource=s3.amazonaws.com) && (${or('PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication')})}`,
  },
  'CloudWatch.9': {
    metric: 'AWSConfigChanges',
    pattern: `{($.eventSource=config.amazonaws.com) && (${or('StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder')})}`,
  },
  'CloudWatch.10': {
    metric: 'SecurityGroupChanges',
    pattern: `{${or('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup')}}`,
  },
  'CloudWatch.11': {
    metric: 'NACLChanges',
    pattern: `{${or('CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation')}}`,
  },
  'CloudWatch.12': {
    metric: 'NetworkGatewayChanges',
    pattern: `{${or('CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway')}}`,
  },
  'CloudWatch.13': {
    metric: 'RouteTableChanges',
    pattern: `{${or('CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable')}}`,
  },
  'CloudWatch.14': {
    metric: 'VPCChanges',
    pattern: `{${or('CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink')}}`,
  },
};

/** Patterns compare without white space, as Security Hub's check does: `($.a = b)` and `($.a=b)` are the same filter. */
const normalized = (pattern: string | undefined): string => (pattern ?? '').replace(/\s+/g, '');

/** The metric filter and alarm settings a run may replace, as they were. */
interface MetricFilterAlarmState {
  readonly securityControlId: string;
  readonly logGroupName: string;
  readonly filterName: string;
  readonly alarmName: string;
  /** The runbook's filter as it was (null: there was none); undefined when an existing filter already matched and is left alone. */
  readonly filter?: {
    readonly filterPattern: string;
    readonly metricName: string;
    readonly metricNamespace: string;
    readonly metricValue: string;
  } | null;
  /** The runbook's alarm as it was (null: there was none). */
  readonly alarm: AlarmDefinition | null;
  /** The metric the alarm watches: the matching filter's, or the one the runbook creates. */
  readonly metricName: string;
  readonly metricNamespace: string;
  readonly topicArn: string;
}

/** The alarm settings PutMetricAlarm takes back on rollback. */
interface AlarmDefinition {
  readonly MetricName: string;
  readonly Namespace: string;
  readonly Statistic: string;
  readonly Period: number;
  readonly EvaluationPeriods: number;
  readonly Threshold: number;
  readonly ComparisonOperator: string;
  readonly AlarmActions: string[];
  readonly TreatMissingData?: string;
  readonly AlarmDescription?: string;
  readonly ActionsEnabled?: boolean;
}

function alarmDefinition(a: MetricAlarm): AlarmDefinition {
  return {
    MetricName: a.MetricName ?? '',
    Namespace: a.Namespace ?? '',
    Statistic: a.Statistic ?? 'Sum',
    Period: a.Period ?? 300,
    EvaluationPeriods: a.EvaluationPeriods ?? 1,
    Threshold: a.Threshold ?? 1,
    ComparisonOperator: a.ComparisonOperator ?? 'GreaterThanOrEqualToThreshold',
    AlarmActions: a.AlarmActions ?? [],
    ...(a.TreatMissingData ? { TreatMissingData: a.TreatMissingData } : {}),
    ...(a.AlarmDescription ? { AlarmDescription: a.AlarmDescription } : {}),
    ...(a.ActionsEnabled !== undefined ? { ActionsEnabled: a.ActionsEnabled } : {}),
  };
}

/** The metric namespace filters created by the runbook publish to. */
export const METRIC_NAMESPACE = 'SecurityHub/CISMetrics';

function logs(ctx: RunbookContext): CloudWatchLogsClient {
  return ctx.clients.get('logs', CloudWatchLogsClient);
}

function cloudwatch(ctx: RunbookContext): CloudWatchClient {
  return ctx.clients.get('cloudwatch', CloudWatchClient);
}

/**
 * The log group to watch: the `LogGroupName` parameter, else the CloudWatch Logs group a
 * multi-Region trail (the organization trail in the account that holds it) delivers to in this
 * account and Region.
 */
async function logGroupOf(ctx: RunbookContext): Promise<string> {
  const configured = ctx.parameters.string('LogGroupName');
  if (configured) return configured;
  const trails =
    (
      await ctx.clients
        .get('cloudtrail', CloudTrailClient)
        .send(new DescribeTrailsCommand({ includeShadowTrails: true }))
    ).trailList ?? [];
  for (const trail of trails.filter((t) => t.IsMultiRegionTrail && t.CloudWatchLogsLogGroupArn)) {
    const arn = parseArn(trail.CloudWatchLogsLogGroupArn as string);
    if (arn && arn.account === ctx.accountId && arn.region === ctx.region && arn.resource.startsWith('log-group:')) {
      return arn.resource.slice('log-group:'.length).replace(/:\*$/, '');
    }
  }
  throw new NotRemediableError(
    `no multi-Region trail delivers to a CloudWatch Logs group in account ${ctx.accountId} ${ctx.region}; ` +
      'send the organization trail to CloudWatch Logs (CloudTrail.5) or set remediation.parameters.CreateLogMetricFilterAlarm.LogGroupName',
  );
}

/** The SNS topic: `AlarmTopic` as an ARN, or a topic name in the finding's account and Region. */
function topicOf(ctx: RunbookContext): string {
  const topic = ctx.parameters.string('AlarmTopic');
  return topic.startsWith('arn:') ? topic : `arn:${ctx.partition}:sns:${ctx.region}:${ctx.accountId}:${topic}`;
}

function controlOf(ctx: RunbookContext): string {
  const id = securityControlIdOf(ctx.finding) ?? '';
  if (!METRIC_FILTER_PATTERNS[id])
    throw new NotRemediableError(
      `runbook CreateLogMetricFilterAlarm serves CloudWatch.1 to CloudWatch.14, not ${JSON.stringify(id)}`,
    );
  return id;
}

async function allFilters(ctx: RunbookContext, logGroupName: string): Promise<MetricFilter[]> {
  const filters: MetricFilter[] = [];
  let nextToken: string | undefined;
  do {
    try {
      const page = await logs(ctx).send(new DescribeMetricFiltersCommand({ logGroupName, nextToken }));
      filters.push(...(page.metricFilters ?? []));
      nextToken = page.nextToken;
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException'))
        throw new ResourceNotFoundError(`log group ${logGroupName} no longer exists`);
      throw error;
    }
  } while (nextToken);
  return filters;
}

async function alarmsOn(ctx: RunbookContext, metricName: string, namespace: string): Promise<MetricAlarm[]> {
  const alarms: MetricAlarm[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cloudwatch(ctx).send(new DescribeAlarmsCommand({ NextToken: nextToken }));
    alarms.push(...(page.MetricAlarms ?? []).filter((a) => a.MetricName === metricName && a.Namespace === namespace));
    nextToken = page.NextToken;
  } while (nextToken);
  return alarms;
}

async function alarmNamed(ctx: RunbookContext, name: string): Promise<MetricAlarm | undefined> {
  return (await cloudwatch(ctx).send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
}

/** CloudWatch.1 to CloudWatch.14: the control's metric filter on the trail's log group, and an alarm that notifies the topic. */
export const createLogMetricFilterAlarm: Runbook<MetricFilterAlarmState> = {
  name: 'CreateLogMetricFilterAlarm',
  rollbackKind: 'create',
  resourceTypes: ['AwsAccount'],
  async inspect(ctx) {
    const securityControlId = controlOf(ctx);
    const { pattern, metric } = METRIC_FILTER_PATTERNS[securityControlId];
    const logGroupName = await logGroupOf(ctx);
    const topicArn = topicOf(ctx);
    const filterName = `securityhub-${securityControlId}-${metric}`;
    const alarmName = `securityhub-${securityControlId}-${metric}`;
    const filters = await allFilters(ctx, logGroupName);
    const matching = filters.filter((f) => normalized(f.filterPattern) === normalized(pattern));
    // An alarm on any matching filter's metric that notifies an SNS topic satisfies the control.
    for (const f of matching) {
      for (const t of f.metricTransformations ?? []) {
        const alarms = await alarmsOn(ctx, t.metricName ?? '', t.metricNamespace ?? '');
        if (alarms.some((a) => (a.AlarmActions ?? []).some((action) => parseArn(action)?.service === 'sns'))) {
          return {
            before: {
              securityControlId,
              logGroupName,
              filterName,
              alarmName,
              alarm: null,
              metricName: t.metricName ?? '',
              metricNamespace: t.metricNamespace ?? '',
              topicArn,
            },
            changes: [],
          };
        }
      }
    }
    const own = filters.find((f) => f.filterName === filterName);
    const reuse = matching[0]?.metricTransformations?.[0];
    const existingAlarm = await alarmNamed(ctx, alarmName);
    const before: MetricFilterAlarmState = {
      securityControlId,
      logGroupName,
      filterName,
      alarmName,
      topicArn,
      ...(reuse
        ? {}
        : {
            filter: own
              ? {
                  filterPattern: own.filterPattern ?? '',
                  metricName: own.metricTransformations?.[0]?.metricName ?? '',
                  metricNamespace: own.metricTransformations?.[0]?.metricNamespace ?? '',
                  metricValue: own.metricTransformations?.[0]?.metricValue ?? '1',
                }
              : null,
          }),
      alarm: existingAlarm ? alarmDefinition(existingAlarm) : null,
      metricName: reuse?.metricName ?? metric,
      metricNamespace: reuse?.metricNamespace ?? METRIC_NAMESPACE,
    };
    const changes = [
      ...(reuse
        ? []
        : [
            `${own ? 'set' : 'create'} metric filter ${filterName} on log group ${logGroupName} with the ${securityControlId} pattern, counting into ${METRIC_NAMESPACE}/${metric}`,
          ]),
      `${existingAlarm ? 'set' : 'create'} alarm ${alarmName} on ${before.metricNamespace}/${before.metricName} (Sum >= 1 in 5 minutes) notifying ${topicArn}`,
    ];
    return { before, changes };
  },
  async apply(ctx, { before }) {
    const { pattern } = METRIC_FILTER_PATTERNS[before.securityControlId];
    if (before.filter !== undefined) {
      await logs(ctx).send(
        new PutMetricFilterCommand({
          logGroupName: before.logGroupName,
          filterName: before.filterName,
          filterPattern: pattern,
          metricTransformations: [
            { metricName: before.metricName, metricNamespace: before.metricNamespace, metricValue: '1' },
          ],
        }),
      );
    }
    await cloudwatch(ctx).send(
      new PutMetricAlarmCommand({
        AlarmName: before.alarmName,
        AlarmDescription: `Security Hub ${before.securityControlId}: CloudTrail events matching the control's pattern (remediation run ${ctx.runId}).`,
        MetricName: before.metricName,
        Namespace: before.metricNamespace,
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [before.topicArn],
      }),
    );
  },
  async rollback(ctx, before) {
    if (before.alarm)
      await cloudwatch(ctx).send(new PutMetricAlarmCommand({ AlarmName: before.alarmName, ...before.alarm } as never));
    else await cloudwatch(ctx).send(new DeleteAlarmsCommand({ AlarmNames: [before.alarmName] }));
    if (before.filter) {
      await logs(ctx).send(
        new PutMetricFilterCommand({
          logGroupName: before.logGroupName,
          filterName: before.filterName,
          filterPattern: before.filter.filterPattern,
          metricTransformations: [
            {
              metricName: before.filter.metricName,
              metricNamespace: before.filter.metricNamespace,
              metricValue: before.filter.metricValue,
            },
          ],
        }),
      );
    } else if (before.filter === null) {
      await logs(ctx).send(
        new DeleteMetricFilterCommand({ logGroupName: before.logGroupName, filterName: before.filterName }),
      );
    }
  },
};
