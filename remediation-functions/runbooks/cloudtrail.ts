import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  type AdvancedEventSelector,
  type EventSelector,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { isAwsError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import { tagMap, type Runbook, type RunbookContext } from './types';

function cloudtrail(ctx: RunbookContext, region: string = ctx.region): CloudTrailClient {
  return ctx.clients.get('cloudtrail', CloudTrailClient, region);
}

/** Trail name and home Region of an `AwsCloudTrailTrail` resource (`arn:aws:cloudtrail:<region>:<account>:trail/<name>`). */
export function trailOf(ctx: RunbookContext): { name: string; region: string } {
  const arn = parseArn(ctx.resource.Id);
  if (arn && arn.service === 'cloudtrail' && arn.resource.startsWith('trail/'))
    return { name: arn.resource.slice('trail/'.length), region: arn.region || ctx.region };
  return { name: ctx.resource.Id, region: ctx.resource.Region ?? ctx.region };
}

function recordsAllManagementEvents(
  selectors: readonly EventSelector[],
  advanced: readonly AdvancedEventSelector[],
): boolean {
  if (selectors.some((s) => s.IncludeManagementEvents !== false && s.ReadWriteType === 'All')) return true;
  return advanced.some((a) => {
    const fields = a.FieldSelectors ?? [];
    return (
      fields.some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management')) &&
      !fields.some((f) => f.Field === 'readOnly')
    );
  });
}

/** What the multi-Region trail runbook found and may change. */
interface MultiRegionTrailState {
  /** Name of the trail the runbook creates or repairs. */
  readonly trailName: string;
  /** True when no trail of that name existed, so the runbook creates it. */
  readonly create: boolean;
  readonly homeRegion?: string;
  readonly isMultiRegionTrail?: boolean;
  readonly includeGlobalServiceEvents?: boolean;
  readonly isLogging?: boolean;
  readonly eventSelectors?: EventSelector[];
  readonly advancedEventSelectors?: AdvancedEventSelector[];
}

async function selectorsOf(
  client: CloudTrailClient,
  name: string,
): Promise<{ basic: EventSelector[]; advanced: AdvancedEventSelector[] }> {
  const response = await client.send(new GetEventSelectorsCommand({ TrailName: name }));
  return { basic: response.EventSelectors ?? [], advanced: response.AdvancedEventSelectors ?? [] };
}

/** A trail in its home Region is addressed by name; a shadow copy seen from another Region by ARN. */
function handleOf(trail: Trail, region: string): string {
  return trail.HomeRegion && trail.HomeRegion !== region && trail.TrailARN ? trail.TrailARN : (trail.Name ?? '');
}

/** CloudTrail.1: at least one logging multi-Region trail that records read and write management events. */
export const enableMultiRegionCloudTrail: Runbook<MultiRegionTrailState> = {
  name: 'EnableMultiRegionCloudTrail',
  rollbackKind: 'create',
  resourceTypes: ['AwsAccount'],
  async inspect(ctx) {
    const client = cloudtrail(ctx);
    const trailName = ctx.parameters.string('TrailName');
    const trails = (await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
    for (const trail of trails.filter((t) => t.IsMultiRegionTrail)) {
      const home = trail.HomeRegion ?? ctx.region;
      const handle = handleOf(trail, ctx.region);
      let status;
      let selectors;
      try {
        status = await cloudtrail(ctx, home).send(new GetTrailStatusCommand({ Name: handle }));
        selectors = await selectorsOf(cloudtrail(ctx, home), handle);
      } catch (error) {
        // A member account may see the organization trail without being allowed to read its status.
        // That trail is managed centrally; creating a second one here would only double the bill.
        if (trail.IsOrganizationTrail)
          return { before: { trailName: trail.Name ?? trailName, create: false }, changes: [] };
        throw error;
      }
      if (status.IsLogging && recordsAllManagementEvents(selectors.basic, selectors.advanced)) {
        return { before: { trailName: trail.Name ?? trailName, create: false }, changes: [] };
      }
    }
    const own = trails.find((t) => t.Name === trailName && (t.HomeRegion ?? ctx.region) === ctx.region);
    if (!own) {
      return {
        before: { trailName, create: true },
        changes: [
          `create multi-Region trail ${trailName} delivering to s3://${ctx.parameters.string('TrailBucketName')}, with read and write management events and log file validation, and start logging`,
        ],
      };
    }
    const status = await client.send(new GetTrailStatusCommand({ Name: trailName }));
    const selectors = await selectorsOf(client, trailName);
    const before: MultiRegionTrailState = {
      trailName,
      create: false,
      homeRegion: ctx.region,
      isMultiRegionTrail: own.IsMultiRegionTrail ?? false,
      includeGlobalServiceEvents: own.IncludeGlobalServiceEvents ?? false,
      isLogging: status.IsLogging ?? false,
      eventSelectors: selectors.basic,
      advancedEventSelectors: selectors.advanced,
    };
    const changes: string[] = [];
    if (!before.isMultiRegionTrail) changes.push(`make trail ${trailName} multi-Region (with global service events)`);
    if (!recordsAllManagementEvents(selectors.basic, selectors.advanced))
      changes.push(`record read and write management events on trail ${trailName}`);
    if (!before.isLogging) changes.push(`start logging on trail ${trailName}`);
    return { before, changes };
  },
  async apply(ctx, { before }) {
    const client = cloudtrail(ctx);
    const name = before.trailName;
    if (before.create) {
      await client.send(
        new CreateTrailCommand({
          Name: name,
          S3BucketName: ctx.parameters.string('TrailBucketName'),
          IsMultiRegionTrail: true,
          IncludeGlobalServiceEvents: true,
          EnableLogFileValidation: true,
          TagsList: [{ Key: 'securityhub-remediation-run', Value: ctx.runId }],
        }),
      );
      await client.send(
        new PutEventSelectorsCommand({
          TrailName: name,
          EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
        }),
      );
      await client.send(new StartLoggingCommand({ Name: name }));
      return;
    }
    if (!before.isMultiRegionTrail)
      await client.send(
        new UpdateTrailCommand({ Name: name, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true }),
      );
    const basic = before.eventSelectors ?? [];
    const advanced = before.advancedEventSelectors ?? [];
    if (!recordsAllManagementEvents(basic, advanced)) {
      // Keep the trail's data event selectors: only the management part changes.
      if (advanced.length > 0) {
        await client.send(
          new PutEventSelectorsCommand({
            TrailName: name,
            AdvancedEventSelectors: [
              ...advanced,
              { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
            ],
          }),
        );
      } else {
        const [first, ...rest] = basic;
        await client.send(
          new PutEventSelectorsCommand({
            TrailName: name,
            EventSelectors: [{ ...first, ReadWriteType: 'All', IncludeManagementEvents: true }, ...rest],
          }),
        );
      }
    }
    if (!before.isLogging) await client.send(new StartLoggingCommand({ Name: name }));
  },
  async rollback(ctx, before) {
    const client = cloudtrail(ctx);
    const name = before.trailName;
    if (before.create) {
      // Removes the trail configuration this runbook created; the log files it delivered stay in the bucket.
      await client.send(new StopLoggingCommand({ Name: name }));
      await client.send(new DeleteTrailCommand({ Name: name }));
      return;
    }
    if (before.isMultiRegionTrail === false) {
      await client.send(
        new UpdateTrailCommand({
          Name: name,
          IsMultiRegionTrail: false,
          IncludeGlobalServiceEvents: before.includeGlobalServiceEvents,
        }),
      );
    }
    const basic = before.eventSelectors ?? [];
    const advanced = before.advancedEventSelectors ?? [];
    // Selectors are put back only when apply changed them, exactly as they were (even none).
    if (!recordsAllManagementEvents(basic, advanced)) {
      if (advanced.length > 0)
        await client.send(new PutEventSelectorsCommand({ TrailName: name, AdvancedEventSelectors: advanced }));
      else await client.send(new PutEventSelectorsCommand({ TrailName: name, EventSelectors: basic }));
    }
    if (before.isLogging === false) await client.send(new StopLoggingCommand({ Name: name }));
  },
};

async function getTrail(
  ctx: RunbookContext,
): Promise<{ name: string; region: string; trail: Trail; tags: Record<string, string> }> {
  const { name, region } = trailOf(ctx);
  const client = cloudtrail(ctx, region);
  let trail: Trail | undefined;
  try {
    trail = (await client.send(new GetTrailCommand({ Name: name }))).Trail;
  } catch (error) {
    if (isAwsError(error, 'TrailNotFoundException'))
      throw new ResourceNotFoundError(`trail ${name} no longer exists in ${region}`);
    throw error;
  }
  if (!trail) throw new ResourceNotFoundError(`trail ${name} no longer exists in ${region}`);
  const tags = (await client.send(new ListTagsCommand({ ResourceIdList: [trail.TrailARN ?? ctx.resource.Id] })))
    .ResourceTagList?.[0]?.TagsList;
  return { name, region, trail, tags: tagMap(tags) };
}

/** CloudTrail.2: the trail's log files are encrypted with a KMS key. */
export const enableCloudTrailEncryption: Runbook<{ readonly kmsKeyId: string | null }> = {
  name: 'EnableCloudTrailEncryption',
  resourceTypes: ['AwsCloudTrailTrail'],
  async inspect(ctx) {
    const { name, trail, tags } = await getTrail(ctx);
    const kmsKeyId = trail.KmsKeyId ?? null;
    return {
      before: { kmsKeyId },
      changes: kmsKeyId
        ? []
        : [`encrypt log files of trail ${name} with KMS key ${ctx.parameters.string('KmsKeyArn')}`],
      tags,
    };
  },
  async apply(ctx) {
    const { name, region } = trailOf(ctx);
    await cloudtrail(ctx, region).send(
      new UpdateTrailCommand({ Name: name, KmsKeyId: ctx.parameters.string('KmsKeyArn') }),
    );
  },
  async rollback(ctx, before) {
    const { name, region } = trailOf(ctx);
    // An empty KmsKeyId turns SSE-KMS off again; files already written stay encrypted.
    await cloudtrail(ctx, region).send(new UpdateTrailCommand({ Name: name, KmsKeyId: before.kmsKeyId ?? '' }));
  },
};

/** CloudTrail.4: log file integrity validation is on. */
export const enableCloudTrailLogFileValidation: Runbook<{ readonly logFileValidationEnabled: boolean }> = {
  name: 'EnableCloudTrailLogFileValidation',
  resourceTypes: ['AwsCloudTrailTrail'],
  async inspect(ctx) {
    const { name, trail, tags } = await getTrail(ctx);
    const enabled = trail.LogFileValidationEnabled ?? false;
    return {
      before: { logFileValidationEnabled: enabled },
      changes: enabled ? [] : [`turn on log file validation for trail ${name}`],
      tags,
    };
  },
  async apply(ctx) {
    const { name, region } = trailOf(ctx);
    await cloudtrail(ctx, region).send(new UpdateTrailCommand({ Name: name, EnableLogFileValidation: true }));
  },
  async rollback(ctx, before) {
    const { name, region } = trailOf(ctx);
    await cloudtrail(ctx, region).send(
      new UpdateTrailCommand({ Name: name, EnableLogFileValidation: before.logFileValidationEnabled }),
    );
  },
};
