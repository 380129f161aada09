/**
 * The contract between the ComplianceReview construct (which writes it into the function's
 * environment) and the review function (which reads it at run time). Both sides import these
 * names from here, so a rename is one edit the compiler carries to both.
 */

/** The environment variables the compliance review function reads. */
export const COMPLIANCE_REVIEW_ENVIRONMENT = {
  /** The evidence bucket (Object Lock enabled). Required. */
  bucket: 'COMPLIANCE_REVIEW_BUCKET',
  /** The notification topic the summary is published to. Required. */
  topicArn: 'COMPLIANCE_REVIEW_TOPIC_ARN',
  /** Object Lock mode of every object written: GOVERNANCE or COMPLIANCE. Required. */
  lockMode: 'COMPLIANCE_REVIEW_LOCK_MODE',
  /** Days each object is retained (locked). Required. */
  retentionDays: 'COMPLIANCE_REVIEW_RETENTION_DAYS',
  /** Standards ids (comma-separated) an evidence pack is written for; empty for every standard with findings. */
  standards: 'COMPLIANCE_REVIEW_STANDARDS',
  /** Organization name, for the report. */
  organization: 'COMPLIANCE_REVIEW_ORGANIZATION',
  /** The delegated administrator account. */
  administratorAccount: 'COMPLIANCE_REVIEW_ADMINISTRATOR_ACCOUNT',
  /** The remediation window as JSON ({@link RemediationWindowSetting}); absent when none is set. */
  remediationWindow: 'COMPLIANCE_REVIEW_REMEDIATION_WINDOW',
  /** Athena workgroup, Glue database and table of the findings export; all three or none (then the Security Hub API is read). */
  athenaWorkgroup: 'COMPLIANCE_REVIEW_ATHENA_WORKGROUP',
  athenaDatabase: 'COMPLIANCE_REVIEW_ATHENA_DATABASE',
  athenaTable: 'COMPLIANCE_REVIEW_ATHENA_TABLE',
  /** The remediation ledger's DynamoDB table, whose runs of the week go into each pack's remediations.csv; absent when remediation is not deployed. */
  ledgerTable: 'COMPLIANCE_REVIEW_LEDGER_TABLE',
} as const;

/** The Lambda function's name suffix (`<prefix>-compliance-review`) and its bundle's name. */
export const COMPLIANCE_REVIEW_FUNCTION = 'compliance-review';

/** Object Lock retention modes, in S3's words. */
export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;
/** An Object Lock retention mode. */
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];

/** Where in the evidence bucket reviews go: `reviews/<YYYY-MM-DD>/...`, and the latest scores. */
export const REVIEWS_FOLDER = 'reviews/';
/** The object holding the latest review's scores and the window's baselines, read by the next review. */
export const LATEST_REVIEW_KEY = `${REVIEWS_FOLDER}latest.json`;

/**
 * The remediation window: by `by`, each standard should reach its target score. A standard is on
 * track when its score is at least the straight line from its score at the first review in the
 * window (the baseline) to the target, at today's date.
 */
export interface RemediationWindowSetting {
  /** First day of the window (YYYY-MM-DD); reviews before it set no baseline. */
  readonly start?: string;
  /** Last day of the window (YYYY-MM-DD): the targets are due then. */
  readonly by: string;
  /** Target score (0-100) by standards id. */
  readonly targets: Readonly<Record<string, number>>;
}
