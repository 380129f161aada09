import {
  ConfigServiceClient,
  DeleteConfigurationRecorderCommand,
  DeleteDeliveryChannelCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
  StopConfigurationRecorderCommand,
  type ConfigurationRecorder,
} from '@aws-sdk/client-config-service';
import { CreateServiceLinkedRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { isAwsError } from '../shared/errors';
import type { Runbook, RunbookContext } from './types';

const SERVICE_LINKED_ROLE = 'AWSServiceRoleForConfig';
const DEFAULT_NAME = 'default';

function config(ctx: RunbookContext): ConfigServiceClient {
  return ctx.clients.get('config', ConfigServiceClient);
}

function serviceLinkedRoleArn(ctx: RunbookContext): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:role/aws-service-role/config.amazonaws.com/${SERVICE_LINKED_ROLE}`;
}

/** AWS Config in the Region before the run. */
interface ConfigRecorderState {
  /** The recorder as it was; absent when there was none. */
  readonly recorder?: {
    readonly name: string;
    readonly roleARN?: string;
    readonly recordingGroup?: ConfigurationRecorder['recordingGroup'];
  };
  readonly recording: boolean;
  /** Name of the delivery channel there was; absent when there was none. */
  readonly deliveryChannel?: string;
  readonly serviceLinkedRoleExisted: boolean;
}

function recorderIsRight(ctx: RunbookContext, state: ConfigRecorderState): boolean {
  return state.recorder?.roleARN === serviceLinkedRoleArn(ctx) && state.recorder.recordingGroup?.allSupported === true;
}

/** Config.1: a recorder that records all supported resources with the service-linked role, recording, with a delivery channel. */
export const enableConfigRecorder: Runbook<ConfigRecorderState> = {
  name: 'EnableConfigRecorder',
  rollbackKind: 'create',
  resourceTypes: ['AwsAccount'],
  async inspect(ctx) {
    const recorder = (await config(ctx).send(new DescribeConfigurationRecordersCommand({})))
      .ConfigurationRecorders?.[0];
    const status = recorder?.name
      ? (
          await config(ctx).send(
            new DescribeConfigurationRecorderStatusCommand({ ConfigurationRecorderNames: [recorder.name] }),
          )
        ).ConfigurationRecordersStatus?.[0]
      : undefined;
    const channel = (await config(ctx).send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels?.[0];
    let serviceLinkedRoleExisted = true;
    try {
      await ctx.clients.get('iam', IAMClient).send(new GetRoleCommand({ RoleName: SERVICE_LINKED_ROLE }));
    } catch (error) {
      if (!isAwsError(error, 'NoSuchEntity', 'NoSuchEntityException')) throw error;
      serviceLinkedRoleExisted = false;
    }
    const before: ConfigRecorderState = {
      recorder: recorder?.name
        ? { name: recorder.name, roleARN: recorder.roleARN, recordingGroup: recorder.recordingGroup }
        : undefined,
      recording: status?.recording ?? false,
      deliveryChannel: channel?.name,
      serviceLinkedRoleExisted,
    };
    const name = before.recorder?.name ?? DEFAULT_NAME;
    const changes: string[] = [];
    if (!serviceLinkedRoleExisted) changes.push(`create the ${SERVICE_LINKED_ROLE} service-linked role`);
    if (!recorderIsRight(ctx, before))
      changes.push(
        `${before.recorder ? 'update' : 'create'} configuration recorder ${name}: all supported resources, service-linked role`,
      );
    if (!before.deliveryChannel)
      changes.push(`create delivery channel ${DEFAULT_NAME} to s3://${ctx.parameters.string('DeliveryBucketName')}`);
    if (!before.recording) changes.push(`start configuration recorder ${name} in ${ctx.region}`);
    return { before, changes };
  },
  async apply(ctx, { before }) {
    const name = before.recorder?.name ?? DEFAULT_NAME;
    if (!before.serviceLinkedRoleExisted) {
      try {
        await ctx.clients
          .get('iam', IAMClient)
          .send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
      } catch (error) {
        // Created meanwhile by another Region's run: that is what we wanted.
        if (!isAwsError(error, 'InvalidInput', 'InvalidInputException')) throw error;
      }
    }
    if (!recorderIsRight(ctx, before)) {
      await config(ctx).send(
        new PutConfigurationRecorderCommand({
          ConfigurationRecorder: {
            name,
            roleARN: serviceLinkedRoleArn(ctx),
            recordingGroup: {
              allSupported: true,
              includeGlobalResourceTypes: ctx.parameters.boolean('IncludeGlobalResourceTypes'),
            },
          },
        }),
      );
    }
    if (!before.deliveryChannel) {
      await config(ctx).send(
        new PutDeliveryChannelCommand({
          DeliveryChannel: { name: DEFAULT_NAME, s3BucketName: ctx.parameters.string('DeliveryBucketName') },
        }),
      );
    }
    if (!before.recording)
      await config(ctx).send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: name }));
  },
  async rollback(ctx, before) {
    // Recorded configuration history stays: deleting a recorder or channel does not delete what was delivered.
    const name = before.recorder?.name ?? DEFAULT_NAME;
    if (!before.recording)
      await config(ctx).send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: name }));
    if (!before.deliveryChannel)
      await config(ctx).send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: DEFAULT_NAME }));
    if (!before.recorder) {
      await config(ctx).send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: name }));
    } else if (!recorderIsRight(ctx, before)) {
      await config(ctx).send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: before.recorder }));
    }
  },
};
