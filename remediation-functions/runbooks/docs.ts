/**
 * What each runbook's docs page says beyond the catalogue entry: the change in detail, how the
 * rollback works, and when running it is unsafe. Kept beside the runbooks it describes, and out
 * of the function bundles (only the docs generator imports it).
 */
export interface RunbookDoc {
  /** What the runbook reads and changes, step by step. */
  readonly changes: string;
  /** What rollback restores, and what it cannot. */
  readonly rollback: string;
  /** When running it breaks something; what to do instead (exempt, shadow, manual). */
  readonly unsafeWhen: string;
  /** How its rollback detects changes made since the run, where its rollback kind's words do not say it well. */
  readonly drift?: string;
}

const TAG_EXEMPTION = 'Tag the resource and add an exemption with `scope.resourceTag` (owner, reason and expiry date) rather than turning the control off.';
const ACCOUNT_EXEMPTION = 'Add an exemption with `scope.accounts` (owner, reason and expiry date) for the account instead of turning the control off.';

function revokeDoc(what: string): RunbookDoc {
  return {
    changes: `Reads the security group's inbound rules and revokes only the ranges that open ${what} to anywhere (\`0.0.0.0/0\` or \`::/0\` as the control names them), for TCP and all-traffic rules whose port range covers such a port. Other sources (for example \`10.0.0.0/8\`), other ports and outbound rules stay. A rule whose port range spans a listed port (say 0-65535) is revoked as a whole, because a range cannot be revoked in part. The revoked rules, with their descriptions, are recorded in the ledger.`,
    rollback: 'Authorizes the recorded rules again, one range at a time; rules someone has re-added meanwhile are skipped.',
    unsafeWhen: `A service deliberately listens on ${what} for the whole internet (a bastion, a public mail relay). Clients reaching it from outside lose access at once. ${TAG_EXEMPTION} Run the control in \`shadow\` first to list what would be revoked across the tier.`,
  };
}

/** Docs page text by runbook name. */
export const RUNBOOK_DOCS: Readonly<Record<string, RunbookDoc>> = {
  EnableS3AccountBlockPublicAccess: {
    changes: 'Reads the account-level S3 Block Public Access configuration (S3 Control `GetPublicAccessBlock`) and turns on whichever of `BlockPublicAcls`, `IgnorePublicAcls`, `BlockPublicPolicy` and `RestrictPublicBuckets` are off. No bucket, object, ACL or policy is changed; S3 stops honouring public ACLs and policies across the account.',
    rollback: 'Puts the recorded configuration back; if the account had none, deletes the account-level configuration again.',
    drift: 'Replaces settings: reads the account-level configuration again and compares the four settings with the all-on configuration the run left. When a person has changed any of them since (or deleted the configuration), the rollback is refused with which setting changed, so their change stands.',
    unsafeWhen: `Any bucket in the account must stay public (a static website, public datasets): it stops being reachable the moment the settings are on, and bucket-level exemptions cannot override account-level Block Public Access. ${ACCOUNT_EXEMPTION} Move public content to an account of its own.`,
  },
  EnableS3BucketBlockPublicAccess: {
    changes: "Reads the bucket's Block Public Access configuration and turns on whichever of the four settings are off. Objects, ACLs and the bucket policy are left as they are; S3 stops honouring the public parts of them. Calls carry the finding's account as expected bucket owner, so a bucket of another account is never changed.",
    rollback: "Puts the bucket's recorded configuration back, or deletes the bucket-level configuration when the bucket had none.",
    unsafeWhen: `The bucket serves public content on purpose (website, downloads, public data). ${TAG_EXEMPTION}`,
  },
  RequireSslOnS3Bucket: {
    changes: 'Reads the bucket policy and, unless a statement already denies `s3:*` to everyone when `aws:SecureTransport` is false, appends the statement `DenyInsecureTransport` (Effect Deny, Principal `*`, Action `s3:*`, Resource the bucket and its objects, Condition `Bool aws:SecureTransport false`). Every existing statement stays as it was. Calls carry the finding\'s account as expected bucket owner, so a bucket of another account is never changed.',
    rollback: 'Writes the recorded policy text back; if the bucket had no policy, deletes the policy the runbook created.',
    unsafeWhen: `Clients still call the bucket over plain HTTP (old SDKs, appliances, \`http://\` website endpoints): their requests are denied. S3 website endpoints only speak HTTP, so a bucket served as a website needs CloudFront in front first. ${TAG_EXEMPTION}`,
  },
  EnableMultiRegionCloudTrail: {
    changes: 'Looks for a multi-Region trail (including organization trails and trails homed in other Regions) that is logging and records read and write management events; if there is one, nothing changes. Otherwise, when a trail named `TrailName` exists in the Region, it is made multi-Region with global service events, its management event selector set to read and write (data event selectors kept), and logging started. When there is no such trail, one is created (multi-Region, global service events, log file validation) delivering to `TrailBucketName`, and logging is started.',
    rollback: 'A trail the runbook created is stopped and its configuration deleted; the log files it delivered stay in the bucket. A trail it repaired gets its recorded multi-Region flag, event selectors and logging state back.',
    unsafeWhen: `The bucket policy of \`TrailBucketName\` does not let \`cloudtrail.amazonaws.com\` write for the account (CreateTrail fails; nothing is left half-made). A second trail doubles CloudTrail charges for management events when an organization trail exists that this account cannot see; check with \`aws cloudtrail describe-trails\` first. ${ACCOUNT_EXEMPTION}`,
  },
  EnableCloudTrailEncryption: {
    changes: "Reads the trail and, when it has no KMS key, sets `KmsKeyArn` on it (UpdateTrail), so new log files are encrypted with SSE-KMS. Files already delivered are not touched.",
    rollback: 'Sets the recorded key back, or clears the key (SSE-S3 again) when there was none. Files written in between stay encrypted with the key.',
    unsafeWhen: `The key policy does not let \`cloudtrail.amazonaws.com\` encrypt for the account (UpdateTrail is refused and nothing changes), or the people and tools that read the logs cannot use the key (they lose access to new files). ${TAG_EXEMPTION}`,
  },
  EnableCloudTrailLogFileValidation: {
    changes: 'Reads the trail and turns on log file integrity validation (UpdateTrail `EnableLogFileValidation`); CloudTrail then delivers signed digest files next to the logs.',
    rollback: 'Turns validation off again if it was off before.',
    unsafeWhen: `Rarely: a bucket lifecycle or a consumer that chokes on the extra \`CloudTrail-Digest/\` prefix. ${TAG_EXEMPTION}`,
  },
  RemoveDefaultSecurityGroupRules: {
    changes: "Checks that the group is a VPC's `default` group, records its inbound and outbound rules, and revokes them all.",
    rollback: 'Authorizes every recorded inbound and outbound rule again.',
    unsafeWhen: `Instances, endpoints or databases still use the default group: they lose all traffic, including between each other. That is why the runbook is not safe to automate and runs in \`manual\` (the Remediate custom action). Move workloads to their own groups first; \`aws ec2 describe-network-interfaces --filters Name=group-id,Values=<sg>\` lists what uses it. ${TAG_EXEMPTION}`,
  },
  EnableVpcFlowLogs: {
    changes: "Checks whether the VPC has a flow log of `REJECT` or `ALL` traffic; if not, creates one of `TrafficType` traffic delivering to the S3 bucket `FlowLogBucketArn`, tagged with the run id. The new flow log's id is recorded.",
    rollback: 'Deletes the flow log the run created (found by the recorded id, or by the run tag); records already delivered stay in the bucket.',
    unsafeWhen: `The bucket policy does not let \`delivery.logs.amazonaws.com\` write (the flow log is created but delivers nothing: check the bucket policy). \`ALL\` traffic in busy VPCs costs noticeably; \`REJECT\` is what EC2.6 asks for. ${TAG_EXEMPTION}`,
  },
  EnableEbsDefaultEncryption: {
    changes: "Turns on EBS encryption by default for the account in the finding's Region. Existing volumes and snapshots are not touched; new volumes are encrypted with the account's default EBS key.",
    rollback: 'Turns encryption by default off again if it was off.',
    unsafeWhen: `Launches that share unencrypted snapshots or AMIs with accounts that cannot use the account's default key, or instance types without encryption support (very old generations), fail afterwards. ${ACCOUNT_EXEMPTION}`,
  },
  RequireImdsV2: {
    changes: 'Reads the instance metadata options and sets `HttpTokens` to `required` (IMDSv2 only), keeping the metadata endpoint on.',
    rollback: 'Sets `HttpTokens` back to the recorded value (`optional`).',
    unsafeWhen: `Software on the instance still calls IMDSv1 (old SDKs and agents): it stops getting credentials and instance data. The CloudWatch metric \`MetadataNoToken\` shows whether IMDSv1 is still used. That is why the runbook is not safe to automate and runs in \`manual\`. ${TAG_EXEMPTION}`,
  },
  RevokePublicIngressHighRiskPorts: revokeDoc('a high-risk port (20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300)'),
  RevokePublicIngressPort22: revokeDoc('TCP port 22 (SSH)'),
  RevokePublicIngressPort3389: revokeDoc('TCP port 3389 (RDP)'),
  RevokePublicIPv4AdminPortIngress: revokeDoc('port 22 or 3389 (remote administration) from 0.0.0.0/0'),
  RevokePublicIPv6AdminPortIngress: revokeDoc('port 22 or 3389 (remote administration) from ::/0'),
  MakeEbsSnapshotsPrivate: {
    changes: "Lists the account's own EBS snapshots in the Region that are restorable by everyone, checks each one's `createVolumePermission`, and removes the `all` group from those that have it. Permissions granted to named accounts stay.",
    rollback: 'Adds the `all` group back to exactly the snapshots the run made private.',
    unsafeWhen: `A snapshot is published on purpose (a public dataset or AMI backing snapshot): share it with named accounts instead. ${ACCOUNT_EXEMPTION}`,
  },
  NotifyRootAccessKey: {
    changes: "Changes nothing. Reads the account summary (`AccountAccessKeysPresent`) and sends the steps to delete the root user's access keys, which only the root user can do. The finding is marked NOTIFIED.",
    rollback: 'Nothing to roll back.',
    unsafeWhen: 'Never: it only reads and notifies.',
  },
  SetStrongPasswordPolicy: {
    changes: 'Reads the account password policy and sets each setting to the stricter of its current value and the configured minimum: minimum length, reuse prevention, maximum age, and each character class. `AllowUsersToChangePassword` and `HardExpiry` keep their current values (hard expiry is never turned on: it locks users out until an administrator resets them). One runbook serves IAM.7 and the CIS password controls IAM.10 to IAM.17.',
    rollback: "Writes the recorded policy back, or deletes the policy when the account had none (IAM's defaults apply again).",
    unsafeWhen: `Rarely: users with passwords older than \`MaxPasswordAge\` must change them at their next sign-in, and passwords that no longer meet the length are refused at the next change. Tell IAM users first. ${ACCOUNT_EXEMPTION}`,
  },
  EnableKmsKeyRotation: {
    changes: 'Checks that the key is a customer managed, symmetric key with AWS-generated material that is not pending deletion, and turns on automatic rotation (yearly). Old key material stays, so everything encrypted before still decrypts.',
    rollback: 'Turns rotation off again if it was off.',
    unsafeWhen: `Practically never; AWS managed keys, asymmetric and HMAC keys and imported key material are refused (noted FAILED, nothing changed) because rotation does not apply to them. ${TAG_EXEMPTION}`,
  },
  EnableConfigRecorder: {
    changes: "Reads the Region's configuration recorder, its status and delivery channel. Creates AWS Config's service-linked role if the account lacks it; creates or updates the recorder to record all supported resources with that role (global resources as `IncludeGlobalResourceTypes` says); creates a delivery channel to `DeliveryBucketName` if there is none; starts recording.",
    rollback: "Stops the recorder if it was stopped, deletes the delivery channel and the recorder if the run created them, or puts the recorder's recorded settings back. Configuration history already delivered stays; the service-linked role stays.",
    unsafeWhen: `Recording all resources costs per configuration item; in accounts with high churn (autoscaling, containers) it adds up. Recording global resources in every Region duplicates them: set \`IncludeGlobalResourceTypes\` to false and record them in the home Region only. ${ACCOUNT_EXEMPTION}`,
  },
  EnableGuardDuty: {
    changes: 'Lists the GuardDuty detectors in the Region; creates an enabled detector if there is none, or enables the suspended one.',
    rollback: 'Suspends the detector (it is not deleted: deleting a detector deletes its findings). Where there was no detector before, a suspended one remains.',
    unsafeWhen: `The account is a GuardDuty member managed by a delegated administrator that keeps it off on purpose; GuardDuty charges per analysed event. ${ACCOUNT_EXEMPTION}`,
  },
  RemovePublicLambdaPermissions: {
    changes: 'Reads the function policy and removes each Allow statement whose principal is `*` (or `AWS: *`) without a condition that ties it to a caller (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`, `AWS:SourceOwner`, `aws:PrincipalAccount`). Statements for named accounts and services stay.',
    rollback: 'Adds each removed statement back with its id, action and function URL auth type (AddPermission with principal `*`).',
    unsafeWhen: `The function is meant to be public (a function URL with auth type NONE, or an integration set up without a source condition): callers get AccessDenied at once. That is why the runbook is not safe to automate and runs in \`manual\`. Add a source condition to the permission instead. ${TAG_EXEMPTION}`,
  },
  MakeRdsSnapshotPrivate: {
    changes: "Reads the DB (or DB cluster) snapshot's `restore` attribute and removes `all` from it. Accounts named in the attribute keep access.",
    rollback: 'Adds `all` back to the snapshot if it was public.',
    unsafeWhen: `The snapshot is published on purpose; share it with named accounts instead. ${TAG_EXEMPTION}`,
  },
  DisableRdsPublicAccess: {
    changes: 'Sets `PubliclyAccessible` to false on the DB instance, applied immediately: its endpoint then resolves to the private address only. A change already pending counts as done.',
    rollback: 'Sets `PubliclyAccessible` back to true, applied immediately.',
    unsafeWhen: `Clients connect from outside the VPC (developer laptops, SaaS tools over the internet): they lose access within minutes. Give them a VPN, bastion or PrivateLink path first. ${TAG_EXEMPTION}`,
  },
  NotifyRdsEncryption: {
    changes: "Changes nothing. Encryption at rest cannot be turned on for an existing DB instance, so the runbook reads the instance and sends the exact steps, with the instance's own names: snapshot, copy the snapshot with a KMS key, restore an encrypted instance into the same subnet group and security groups, move clients, retire the old instance with a final snapshot. Aurora instances get the cluster variant. The finding is marked NOTIFIED.",
    rollback: 'Nothing to roll back.',
    unsafeWhen: 'Never: it only reads and notifies. The migration it describes needs a maintenance window.',
  },
  EnableRdsAutoMinorVersionUpgrade: {
    changes: 'Turns on `AutoMinorVersionUpgrade` for the DB instance. Changing the flag does not restart anything; minor upgrades are then applied in the maintenance window.',
    rollback: 'Turns the flag off again if it was off.',
    unsafeWhen: `The application is pinned to an exact minor engine version (certified stacks, extensions built for one version). ${TAG_EXEMPTION}`,
  },
  IsolateEc2Instance: {
    changes: "Started by the `IsolateInstance` custom action on any finding of an AWS service that names an EC2 instance (for example a GuardDuty or Inspector finding), or by an operator who starts the SSM document with the finding's `FindingId` (a Security Hub, GuardDuty or Inspector finding ARN), `ProductArn` and `Trigger=Operator`. Finds or creates, once per VPC, the security group `IsolationGroupName` with no inbound and no outbound rules (tagged with the run id), records every network interface's groups, and replaces them with the isolation group. The instance keeps running, so memory and disks stay available for forensics.",
    rollback: "Gives every network interface its recorded groups back. The isolation group stays for the next incident.",
    drift: 'Replaces settings: reads the instance again and compares each network interface\'s groups with the isolation group the run set. When a responder has moved the instance since (to a forensic group, say), the rollback is refused with the groups it has now, so the containment is not undone.',
    unsafeWhen: `Always disruptive by design: the instance loses all network traffic, including to SSM and monitoring agents, and established connections that security groups track may linger until they close. It is not safe to automate and only runs when a person picks the custom action. ${TAG_EXEMPTION}`,
  },
  CreateLogMetricFilterAlarm: {
    changes: "One runbook for the CIS monitoring controls CloudWatch.1 to CloudWatch.14; the finding's control id picks the filter pattern, exactly as the Security Hub control reference gives it (CIS AWS Foundations Benchmark v1.2/v1.4). It finds the log group (`LogGroupName`, or the CloudWatch Logs group a multi-Region trail delivers to in the account and Region: in an organization the organization trail's group, in the account that holds it), and looks for a metric filter with that pattern (compared without white space) whose metric has an alarm that notifies an SNS topic. If there is one, nothing changes. Otherwise it creates (or resets) the metric filter `securityhub-<control>-<metric>` counting into the `SecurityHub/CISMetrics` namespace (or reuses an existing filter with the right pattern), and the alarm `securityhub-<control>-<metric>`: Sum >= 1 over 5 minutes, missing data not breaching, notifying `AlarmTopic`. Both previous definitions, if the names existed, are recorded.",
    rollback: 'Deletes the alarm and the metric filter the run created, or puts their recorded definitions back. Alarm history and metric data points already written stay.',
    unsafeWhen: `Rarely: an alarm notifies the topic on every matching event (CloudWatch.2 unauthorized calls and CloudWatch.6 sign-in failures can be noisy in accounts with read-only console users). The topic needs a subscriber for the control to pass; the runbook does not subscribe anyone. In a member account whose trail is the organization trail (held by the management account), set \`LogGroupName\` to a group in the account, or run the controls in the management account only and disable them elsewhere. ${ACCOUNT_EXEMPTION}`,
  },
  EnableS3ServerAccessLogging: {
    changes: "Serves S3.9 and CloudTrail.7 (the bucket a trail delivers to). Reads the bucket's logging configuration; if logging is off, turns on server access logging delivered to `LogBucketName` under `<LogPrefix><bucket>/`. Calls carry the finding's account as expected bucket owner, so a bucket of another account is never changed. The log bucket itself is refused (a bucket logging into itself writes a record about every record).",
    rollback: 'Turns logging off again (or puts the recorded target back). Log files already delivered stay in the log bucket.',
    unsafeWhen: `The log bucket must exist in the same Region and let \`logging.s3.amazonaws.com\` write (bucket policy); otherwise S3 refuses the change and the run ends FAILED with nothing changed. Access logs cost storage in proportion to requests. ${TAG_EXEMPTION}`,
  },
  DisableSubnetPublicIpAssignment: {
    changes: "Reads the subnet's `MapPublicIpOnLaunch` and turns it off. Instances already running keep their addresses; instances launched later get a public IPv4 address only when their launch asks for one.",
    rollback: 'Turns `MapPublicIpOnLaunch` back on if it was on.',
    unsafeWhen: `The subnet is a public subnet whose instances (or Auto Scaling groups, EKS node groups) rely on the default to be reachable or to reach the internet without a NAT gateway: new instances come up without internet access. That is why the runbook is not safe to automate and runs in \`manual\`. Set \`AssociatePublicIpAddress\` in the launch templates first. ${TAG_EXEMPTION}`,
  },
  EnableRdsDeletionProtection: {
    changes: 'Serves RDS.7 (DB clusters) and RDS.8 (DB instances). Turns on `DeletionProtection`, applied immediately; nothing restarts. Delete calls (and stacks that delete the database) are refused until someone turns it off.',
    rollback: 'Turns `DeletionProtection` off again if it was off.',
    unsafeWhen: `Test databases that pipelines create and delete: their teardown starts failing. ${TAG_EXEMPTION}`,
  },
  EnableRdsCopyTagsToSnapshots: {
    changes: 'Serves RDS.16 (Aurora DB clusters) and RDS.17 (DB instances). Turns on `CopyTagsToSnapshot`, applied immediately; nothing restarts. Snapshots taken from then on carry the database\'s tags; existing snapshots are not changed.',
    rollback: 'Turns `CopyTagsToSnapshot` off again if it was off.',
    unsafeWhen: `Practically never; tag-based access policies on snapshots may start to apply to new snapshots. ${TAG_EXEMPTION}`,
  },
  NotifyRdsSnapshotEncryption: {
    changes: "Changes nothing. A DB or DB cluster snapshot cannot be encrypted in place; the fix is an encrypted copy, and the unencrypted original may be the only backup of its point in time, so deleting it is a decision for its owner. The runbook reads the snapshot and sends the exact copy, check and delete commands with its own identifiers. The finding is marked NOTIFIED.",
    rollback: 'Nothing to roll back.',
    unsafeWhen: 'Never: it only reads and notifies.',
  },
  EnableSnsTopicEncryption: {
    changes: "Reads the topic's `KmsMasterKeyId`; if it has none, sets it to `KmsKeyId` (default the AWS managed key `alias/aws/sns`). Messages already delivered are not affected.",
    rollback: 'Sets the recorded key back, or clears it (no encryption) when there was none.',
    unsafeWhen: `AWS services that publish to the topic (CloudWatch alarms, EventBridge rules, S3 event notifications, Budgets) cannot use the AWS managed key \`alias/aws/sns\`: their messages are dropped once it is set. Use a customer managed key whose key policy lets those service principals call \`kms:GenerateDataKey*\` and \`kms:Decrypt\`, and set \`KmsKeyId\` to it. That is why the runbook is not safe to automate and runs in \`manual\`. ${TAG_EXEMPTION}`,
  },
  EnableSqsQueueEncryption: {
    changes: 'Reads the queue\'s `SqsManagedSseEnabled` and `KmsMasterKeyId`; a queue with neither gets SSE-SQS (encryption with SQS-owned keys), which needs no key policy and no change to producers or consumers. A queue already using a KMS key is left alone.',
    rollback: 'Turns SSE-SQS off again if it was off. Messages stored meanwhile stay readable.',
    unsafeWhen: `Practically never: SSE-SQS is transparent to every sender and receiver, AWS services included. ${TAG_EXEMPTION}`,
  },
  EnableDynamoDbDeletionProtection: {
    changes: 'Turns on `DeletionProtectionEnabled` for the table (UpdateTable); reads and writes are not affected.',
    rollback: 'Turns deletion protection off again if it was off.',
    unsafeWhen: `Tables that pipelines create and delete (tests, ephemeral environments): their teardown starts failing. ${TAG_EXEMPTION}`,
  },
  EnableEcrScanOnPush: {
    changes: "Reads the repository's image scanning configuration and turns on scan on push (basic scanning). Images already in the repository are not rescanned; the next push of each is.",
    rollback: 'Turns scan on push off again if it was off. Scan results already produced stay.',
    unsafeWhen: `Practically never. Where Amazon Inspector enhanced scanning is set at the registry level, the registry setting wins and this one changes nothing visible. ${TAG_EXEMPTION}`,
  },
  NotifySecretRotation: {
    changes: "Changes nothing. Serves SecretsManager.1 (rotation off) and SecretsManager.4 (rotation overdue). Turning rotation on is not safe to do unattended: RotateSecret rotates the secret at once, through a rotation function that must be able to change the credential in the database or service the secret is for, and applications that cached the old value fail until they fetch the new one. The runbook reads the secret (rotation setting, function, last rotation) and sends the exact commands with its own names, including how to move AWSCURRENT back if the new version does not work. The finding is marked NOTIFIED.",
    rollback: 'Nothing to roll back.',
    unsafeWhen: 'Never: it only reads and notifies.',
  },
  NotifyUnusedSecret: {
    changes: "Changes nothing. An unused secret could be deleted, but deletion becomes final when the recovery window ends, and \"unused\" only means nobody read it recently (a yearly job, a break-glass credential). The runbook reads the secret's last access date and tags and sends the exact steps: find its users in CloudTrail, delete with a 30-day recovery window, and restore-secret if something breaks. The finding is marked NOTIFIED.",
    rollback: 'Nothing to roll back.',
    unsafeWhen: 'Never: it only reads and notifies.',
  },
  NotifyEbsVolumeEncryption: {
    changes: "Changes nothing. An EBS volume cannot be encrypted in place: the only way is a new volume from an encrypted copy of a snapshot, and swapping it in means stopping the instance. Doing that unattended would take the workload down and, done wrong, lose writes made after the snapshot, so the runbook reads the volume and sends the exact steps with its own ids (snapshot, encrypted copy, new volume in the same Availability Zone, swap while the instance is stopped, keep the old volume until verified). The finding is marked NOTIFIED.",
    rollback: 'Nothing to roll back.',
    unsafeWhen: 'Never: it only reads and notifies. The migration it describes needs a maintenance window.',
  },
  DeactivateOldAccessKeys: {
    changes: "Lists the IAM user's access keys and makes each Active key created `MaxAccessKeyAge` days ago or more Inactive (UpdateAccessKey). Keys are never deleted: an Inactive key keeps its id and secret and can be made Active again. The user then creates a new key (at most two per user) and moves its software to it.",
    rollback: 'Makes exactly the keys the run deactivated Active again, with the same secret.',
    unsafeWhen: `Whatever still signs requests with the key (a CI system, an on-premises agent) gets \`InvalidClientTokenId\` at once. That is why the runbook is not safe to automate and runs in \`manual\`: tell the key's owner, let them rotate, then run it. ${TAG_EXEMPTION}`,
  },
  DeactivateUnusedCredentials: {
    changes: "Serves IAM.8 and IAM.22. Makes the IAM user's Active access keys that have not been used for `MaxUnusedDays` days (never-used keys count from their creation) Inactive; nothing is deleted. A console password unused that long is not touched, because deleting a login profile cannot be undone (the password is gone): the run records instructions to delete it after checking with the owner (`aws iam delete-login-profile`), and the finding stays FAILED until a person does.",
    rollback: 'Makes exactly the keys the run deactivated Active again, with the same secret.',
    unsafeWhen: `Keys used only rarely (a yearly job, a break-glass credential) look unused. That is why the runbook is not safe to automate and runs in \`manual\`. ${TAG_EXEMPTION}`,
  },
  CreateSupportRole: {
    changes: "Lists the roles that have the AWS managed policy `AWSSupportAccess`; if there is none, creates the role `RoleName` under the path `/securityhub-support/` (tagged with the run id), trusting `TrustedPrincipalArn` (default: the account itself; IAM users need MFA, role sessions such as IAM Identity Center pass), and attaches `AWSSupportAccess`. The execution role may create roles only under that path and attach no other policy (an IAM condition pins the policy ARN).",
    rollback: 'Detaches the policy and deletes the role the run created. A role that existed before is never touched.',
    unsafeWhen: `Never disruptive; it grants only AWS Support access, to principals that already control the account. Point \`TrustedPrincipalArn\` at your incident responders' role if the account root should not be trusted. ${ACCOUNT_EXEMPTION}`,
  },
  AddS3BucketLifecycleRule: {
    changes: "Reads the bucket's lifecycle configuration (every S3 call names the finding's account as `ExpectedBucketOwner`, so a bucket of another account is refused by S3). A bucket with an enabled rule is left alone. A bucket with no lifecycle configuration gets one rule, `securityhub-abort-incomplete-multipart-uploads`, for the whole bucket: parts of multipart uploads left incomplete for `AbortIncompleteMultipartUploadDays` days are removed. No object expires, moves to another storage class or loses a version. A bucket whose configuration has only disabled rules is not touched: that configuration was written by someone, and the run reports it for a person to enable or extend.",
    rollback: 'Deletes the lifecycle configuration the run created. Rules someone added to it since then stay (only the run\'s own rule is removed). A bucket that had a configuration before the run was never changed, so there is nothing to put back.',
    unsafeWhen: `Rarely: an application that resumes multipart uploads after more than \`AbortIncompleteMultipartUploadDays\` days loses the parts uploaded so far. When S3.13 is configured with \`targetExpirationDays\`, \`targetTransitionDays\` or \`targetTransitionStorageClass\`, the rule does not satisfy it and the finding stays FAILED: expiring or moving objects is a data decision this runbook does not make. Infrastructure as code that manages the bucket without a lifecycle configuration removes the rule again on its next apply. ${TAG_EXEMPTION}`,
  },
  MakeSsmDocumentPrivate: {
    changes: "Reads the Share permission of the SSM document (DescribeDocumentPermission) and, when it lists `all` (every AWS account), removes that entry (ModifyDocumentPermission `AccountIdsToRemove`). Accounts the document is shared with by id are not touched (SSM does not allow `all` next to account ids anyway). The document, its versions and content stay as they are.",
    rollback: 'Adds the recorded `all` entry back, so the document is public again. This fails when the account or Region has since blocked public sharing of documents (the Systems Manager setting for public sharing); then it stays private.',
    unsafeWhen: `Accounts outside the organization run the document by its ARN (a published automation, a vendor runbook): they lose access at once. Share it with those accounts by id, or publish it another way, before the run. ${TAG_EXEMPTION}`,
  },
  RevokePublicIngressUnauthorizedPorts: {
    changes: "Reads the security group's inbound rules and revokes only the `0.0.0.0/0` and `::/0` ranges of rules that open a port outside the authorized lists: TCP rules with a port outside `authorizedTcpPorts` (default 80,443), UDP rules with a port outside `authorizedUdpPorts` (default none), and all-traffic rules unless both lists cover every port. A rule whose port range is partly authorized (say 0-65535) is revoked as a whole, because a range cannot be revoked in part. Other sources, ICMP and other protocols, and outbound rules stay. The revoked rules, with their descriptions, are recorded in the ledger. Set the lists to the same values as the control's `authorizedTcpPorts` and `authorizedUdpPorts` parameters, so the runbook and the control agree.",
    rollback: 'Authorizes the recorded rules again, one range at a time; rules someone has re-added meanwhile are skipped.',
    unsafeWhen: `A service serves the internet on a port outside the lists (a game server on UDP, an API on 8443): clients outside lose access at once. That is why the runbook is not safe to automate and runs in \`manual\` (the Remediate custom action) until the lists match what the tier may expose; run it in \`shadow\` first to see what would be revoked. ${TAG_EXEMPTION}`,
  },
  DisableTransitGatewayAutoAccept: {
    changes: "Reads the transit gateway's options and, when `AutoAcceptSharedAttachments` is `enable`, sets it to `disable` (ModifyTransitGateway). Attachments that exist stay attached and keep routing; from then on, an attachment request from an account the transit gateway is shared with (AWS RAM) waits in `pendingAcceptance` until the owner accepts it.",
    rollback: 'Sets `AutoAcceptSharedAttachments` back to `enable` if it was enabled. Requests made in between stay pending until accepted by hand.',
    unsafeWhen: `Accounts attach their VPCs by automation (account vending, network pipelines) and expect the attachment to come up on its own: their attachments then wait for acceptance and their VPCs get no connectivity until someone accepts them. That is why the runbook is not safe to automate and runs in \`manual\`: put an acceptance step (a person, or an automation of the network account that accepts only known VPCs) in place first. ${TAG_EXEMPTION}`,
  },
  RedirectAlbHttpToHttps: {
    changes: "Checks that the load balancer is an Application Load Balancer and lists its listeners. For each HTTP listener whose default action is not a redirect to HTTPS, sets the default action to a redirect to HTTPS on port 443 with status `HTTP_301` (host, path and query kept); each non-default rule of an HTTP listener that does not redirect to HTTPS gets the same redirect as its actions, because a rule that forwards plain HTTP serves it as much as the default action does. The listeners' default actions and the rules' actions are recorded. When the load balancer has no HTTPS listener, nothing is changed: the run ends FAILED with the `create-listener` command to add one, because a redirect to a port nobody listens on breaks every request.",
    rollback: "Puts each recorded rule's actions and each listener's default actions back (ModifyRule, ModifyListener).",
    unsafeWhen: `Clients that call the HTTP endpoint without following redirects (health checkers, IoT devices, webhooks that POST over HTTP: browsers turn a redirected POST into a GET) stop working, and an HTTPS listener whose certificate does not cover the host names clients use gives them certificate errors. That is why the runbook is not safe to automate and runs in \`manual\` (the Remediate custom action). ${TAG_EXEMPTION}`,
  },
  EnableApiGatewayExecutionLogging: {
    changes: "Reads the REST API stage's method settings and sets `logging/loglevel` to `LoggingLevel` (ERROR unless configured) for the stage-wide setting (`/*/*`) and for every method that overrides it with logging off (UpdateStage). API Gateway can only write execution logs with the account's CloudWatch Logs role (API Gateway account settings): the runbook checks it (GetAccount) first, and where there is none it changes nothing and the run ends FAILED with the steps to set one. The previous level of each setting is recorded. WebSocket API stages (`AwsApiGatewayV2Stage`) are not handled.",
    rollback: 'Sets each recorded setting back to its previous level (`OFF` where none was set). Logs already written stay in CloudWatch Logs.',
    unsafeWhen: `Rarely: INFO logs every request and costs CloudWatch Logs ingestion on busy APIs (ERROR, the default, logs only failures). ${TAG_EXEMPTION}`,
  },
  EncryptApiGatewayCacheData: {
    changes: "Reads the REST API stage's method settings and, for the stage-wide setting and each method that caches responses (`cachingEnabled`) without encrypting them, sets `caching/dataEncrypted` to true (UpdateStage). Methods that do not cache are left alone. The previous values are recorded.",
    rollback: 'Sets `caching/dataEncrypted` of each recorded setting back to its previous value.',
    unsafeWhen: `Practically never; encryption is transparent to callers. ${TAG_EXEMPTION}`,
  },
  EnableRdsEnhancedMonitoring: {
    changes: 'Reads the DB instance and, when its `MonitoringInterval` is 0 (enhanced monitoring off), sets it to `MonitoringInterval` seconds with the role `MonitoringRoleArn` (`{AccountId}` replaced with the finding\'s account), applied immediately; the instance does not restart. The previous interval and role are recorded.',
    rollback: 'Sets the interval back to the recorded one (0 turns enhanced monitoring off; RDS then ignores the role).',
    unsafeWhen: `The role does not exist in the account or does not trust \`monitoring.rds.amazonaws.com\`: RDS refuses the change and nothing changes. Enhanced monitoring writes to CloudWatch Logs (\`RDSOSMetrics\`), which costs in proportion to the interval: 60 seconds is the cheapest. ${TAG_EXEMPTION}`,
  },
  EnableCloudTrailCloudWatchLogs: {
    changes: 'Reads the trail and, when it has no CloudWatch Logs group, sets `LogGroupArn` and `RoleArn` on it (UpdateTrail; `{AccountId}` and `{Region}` replaced with the trail\'s), so CloudTrail also delivers its events to the group. Delivery to S3 is unchanged. The previous group and role are recorded.',
    rollback: 'Sets the recorded group and role back, or clears both (no CloudWatch Logs delivery) when there were none. Events already in the group stay.',
    unsafeWhen: `The log group does not exist, or the role does not trust \`cloudtrail.amazonaws.com\` or may not write to the group: CloudTrail refuses the change and nothing changes. CloudWatch Logs charges for every event ingested. An organization trail can only be changed in the management account (or the delegated administrator). ${TAG_EXEMPTION}`,
  },
  NotifyCodeBuildPlaintextCredentials: {
    changes: "Changes nothing. Reads the build project and names its plain-text environment variables that hold AWS credentials (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, or any value shaped like an access key id). Only the names reach the ledger, the note and the notification, never the values. Moving a variable to Secrets Manager or Parameter Store changes what every build gets and needs the service role to read the secret, and the exposed key has to be replaced by its owner; doing that unattended would break the builds. So the runbook sends the steps: use the service role instead, or move each value to a secret and change the variable's type, then treat the key as exposed and rotate it. The finding is marked NOTIFIED.",
    rollback: 'Nothing to roll back.',
    unsafeWhen: 'Never: it only reads and notifies.',
  },
  NotifyStoppedInstance: {
    changes: "Changes nothing. Terminating an instance deletes the volumes that are deleted on termination and cannot be undone, and a stopped instance may be kept on purpose (a standby, a quarterly job), so the runbook never terminates. It reads the instance and sends when it stopped (from its state transition reason), its volumes and tags, and the steps: ask the owner, create an image (`create-image --no-reboot`, which snapshots every volume), wait for it, then terminate. The finding is marked NOTIFIED.",
    rollback: 'Nothing to roll back.',
    unsafeWhen: 'Never: it only reads and notifies.',
  },
};
