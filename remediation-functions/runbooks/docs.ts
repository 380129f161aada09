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
    unsafeWhen: `Any bucket in the account must stay public (a static website, public datasets): it stops being reachable the moment the settings are on, and bucket-level exemptions cannot override account-level Block Public Access. ${ACCOUNT_EXEMPTION} Move public content to an account of its own.`,
  },
  EnableS3BucketBlockPublicAccess: {
    changes: "Reads the bucket's Block Public Access configuration and turns on whichever of the four settings are off. Objects, ACLs and the bucket policy are left as they are; S3 stops honouring the public parts of them.",
    rollback: "Puts the bucket's recorded configuration back, or deletes the bucket-level configuration when the bucket had none.",
    unsafeWhen: `The bucket serves public content on purpose (website, downloads, public data). ${TAG_EXEMPTION}`,
  },
  RequireSslOnS3Bucket: {
    changes: 'Reads the bucket policy and, unless a statement already denies `s3:*` to everyone when `aws:SecureTransport` is false, appends the statement `DenyInsecureTransport` (Effect Deny, Principal `*`, Action `s3:*`, Resource the bucket and its objects, Condition `Bool aws:SecureTransport false`). Every existing statement stays as it was.',
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
    changes: "Started by the `IsolateInstance` custom action on any finding that names an EC2 instance (for example a GuardDuty finding). Finds or creates, once per VPC, the security group `IsolationGroupName` with no inbound and no outbound rules (tagged with the run id), records every network interface's groups, and replaces them with the isolation group. The instance keeps running, so memory and disks stay available for forensics.",
    rollback: "Gives every network interface its recorded groups back. The isolation group stays for the next incident.",
    unsafeWhen: `Always disruptive by design: the instance loses all network traffic, including to SSM and monitoring agents, and established connections that security groups track may linger until they close. It is not safe to automate and only runs when a person picks the custom action. ${TAG_EXEMPTION}`,
  },
};
