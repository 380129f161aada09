import {
  COMPLIANCE_REVIEW_ENVIRONMENT as ENV,
  OBJECT_LOCK_MODES,
  type ObjectLockMode,
  type RemediationWindowSetting,
} from '../../core/compliance-review-contract';
import type { ComplianceReview, ReviewOutcome, ReviewSettings } from '../../cli/review/compliance-review';
import { errorFields, jsonLogger, type Logger } from '../shared/log';

/** What the function returns (and logs): where the review went, and each standard's verdict. */
export type ComplianceReviewResponse = Pick<ReviewOutcome, 'kind' | 'location' | 'standards' | 'messageId'> & {
  readonly objects: number;
};

/**
 * The settings from the function's environment, checked: a missing or malformed value stops the
 * review before anything is read or written, with the variable's name.
 */
export function reviewSettingsFromEnvironment(env: NodeJS.ProcessEnv): ReviewSettings {
  const required = (name: string) => {
    const v = env[name];
    if (v === undefined || v === '')
      throw new Error(`environment variable ${name} is not set; the ComplianceReview construct sets it`);
    return v;
  };
  const lockMode = required(ENV.lockMode);
  if (!(OBJECT_LOCK_MODES as readonly string[]).includes(lockMode))
    throw new Error(`${ENV.lockMode} is ${JSON.stringify(lockMode)}; it must be GOVERNANCE or COMPLIANCE`);
  const retentionDays = Number(required(ENV.retentionDays));
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new Error(
      `${ENV.retentionDays} is ${JSON.stringify(env[ENV.retentionDays])}; it must be a whole number of days, at least 1`,
    );
  let remediationWindow: RemediationWindowSetting | undefined;
  if (env[ENV.remediationWindow]) {
    try {
      remediationWindow = JSON.parse(env[ENV.remediationWindow]!) as RemediationWindowSetting;
    } catch {
      throw new Error(
        `${ENV.remediationWindow} is not JSON; the ComplianceReview construct writes it from remediationWindow of the config`,
      );
    }
  }
  const athena = [ENV.athenaWorkgroup, ENV.athenaDatabase, ENV.athenaTable].map((n) => env[n] || undefined);
  if (athena.some((v) => v !== undefined) && athena.some((v) => v === undefined)) {
    throw new Error(
      `${ENV.athenaWorkgroup}, ${ENV.athenaDatabase} and ${ENV.athenaTable} go together: set all three (the findings export) or none (the Security Hub API)`,
    );
  }
  return {
    bucket: required(ENV.bucket),
    topicArn: required(ENV.topicArn),
    lockMode: lockMode as ObjectLockMode,
    retentionDays,
    standards: (env[ENV.standards] ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
    organization: env[ENV.organization] || null,
    administratorAccount: env[ENV.administratorAccount] || null,
    region: env.AWS_REGION,
    ...(remediationWindow ? { remediationWindow } : {}),
    ...(athena[0] !== undefined ? { athena: { workgroup: athena[0], database: athena[1]!, table: athena[2]! } } : {}),
    ...(env[ENV.ledgerTable] ? { ledgerTable: env[ENV.ledgerTable] } : {}),
  };
}

/**
 * The compliance review function, run by EventBridge Scheduler: the schedule's event carries
 * nothing the review needs, so it is not read; everything comes from the environment.
 * @param review builds the review (once per container)
 */
export function createComplianceReviewHandler(
  review: () => Promise<ComplianceReview>,
  logger: Logger = jsonLogger,
): (event?: unknown) => Promise<ComplianceReviewResponse> {
  return async () => {
    try {
      const outcome = await (await review()).run(new Date());
      const response = {
        kind: outcome.kind,
        location: outcome.location,
        standards: outcome.standards,
        messageId: outcome.messageId,
        objects: outcome.keys.length,
      };
      logger.info('compliance review written', { location: outcome.location, objects: outcome.keys.length });
      return response;
    } catch (error) {
      logger.error('compliance review failed; the previous review stays the latest', errorFields(error));
      throw error;
    }
  };
}

let built: Promise<ComplianceReview> | undefined;

function fromEnvironment(): Promise<ComplianceReview> {
  built ??= (async () => {
    // The settings are checked before any SDK module loads, so a broken deployment fails at once.
    const settings = reviewSettingsFromEnvironment(process.env);
    const [review, securityhub, s3, sns, athena, dynamodb] = await Promise.all([
      import('../../cli/review/compliance-review'),
      import('@aws-sdk/client-securityhub'),
      import('@aws-sdk/client-s3'),
      import('@aws-sdk/client-sns'),
      import('@aws-sdk/client-athena'),
      import('@aws-sdk/client-dynamodb'),
    ]);
    const region = process.env.AWS_REGION;
    return new review.ComplianceReview(
      {
        securityHub: new securityhub.SecurityHubClient({ region }),
        s3: new s3.S3Client({ region }),
        sns: new sns.SNSClient({ region }),
        ...(settings.athena ? { athena: new athena.AthenaClient({ region }) } : {}),
        ...(settings.ledgerTable ? { dynamodb: new dynamodb.DynamoDBClient({ region }) } : {}),
      },
      settings,
    );
  })();
  built.catch(() => {
    built = undefined;
  });
  return built;
}

/** The Lambda entry point. */
export const handler = createComplianceReviewHandler(fromEnvironment);
