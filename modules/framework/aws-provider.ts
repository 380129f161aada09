/**
 * The AWS provider's resource and data source classes this project uses, each from its deep path:
 * the package root loads ~2,200 modules and makes synth several times slower. This file and
 * `cdktf.ts` are the only places that name the provider binding, so moving to another binding
 * (CDK Terrain's `@cdktn/provider-aws`) changes these lines and nothing else.
 */
export * from '@cdktf/provider-aws/lib/athena-named-query';
export * from '@cdktf/provider-aws/lib/athena-workgroup';
export * from '@cdktf/provider-aws/lib/cloudformation-stack-set';
export * from '@cdktf/provider-aws/lib/cloudformation-stack-set-instance';
export * from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
export * from '@cdktf/provider-aws/lib/cloudwatch-event-target';
export * from '@cdktf/provider-aws/lib/cloudwatch-log-group';
export * from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
export * from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
export * from '@cdktf/provider-aws/lib/dynamodb-table';
export * from '@cdktf/provider-aws/lib/glue-catalog-database';
export * from '@cdktf/provider-aws/lib/glue-catalog-table';
export * from '@cdktf/provider-aws/lib/guardduty-organization-admin-account';
export * from '@cdktf/provider-aws/lib/iam-policy';
export * from '@cdktf/provider-aws/lib/iam-role';
export * from '@cdktf/provider-aws/lib/iam-role-policy';
export * from '@cdktf/provider-aws/lib/inspector2-delegated-admin-account';
export * from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
export * from '@cdktf/provider-aws/lib/kms-alias';
export * from '@cdktf/provider-aws/lib/kms-key';
export * from '@cdktf/provider-aws/lib/lambda-function';
export * from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
export * from '@cdktf/provider-aws/lib/lambda-permission';
export * from '@cdktf/provider-aws/lib/macie2-organization-admin-account';
export * from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
export * from '@cdktf/provider-aws/lib/organizations-policy';
export * from '@cdktf/provider-aws/lib/organizations-policy-attachment';
export * from '@cdktf/provider-aws/lib/organizations-resource-policy';
export * from '@cdktf/provider-aws/lib/provider';
export * from '@cdktf/provider-aws/lib/s3-bucket';
export * from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
export * from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
export * from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
export * from '@cdktf/provider-aws/lib/s3-bucket-policy';
export * from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
export * from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
export * from '@cdktf/provider-aws/lib/s3-bucket-versioning';
export * from '@cdktf/provider-aws/lib/scheduler-schedule';
export * from '@cdktf/provider-aws/lib/securityhub-account';
export * from '@cdktf/provider-aws/lib/securityhub-action-target';
export * from '@cdktf/provider-aws/lib/securityhub-automation-rule';
export * from '@cdktf/provider-aws/lib/securityhub-configuration-policy';
export * from '@cdktf/provider-aws/lib/securityhub-configuration-policy-association';
export * from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
export * from '@cdktf/provider-aws/lib/securityhub-insight';
export * from '@cdktf/provider-aws/lib/securityhub-organization-admin-account';
export * from '@cdktf/provider-aws/lib/securityhub-organization-configuration';
export * from '@cdktf/provider-aws/lib/securityhub-product-subscription';
export * from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
export * from '@cdktf/provider-aws/lib/sns-topic';
export * from '@cdktf/provider-aws/lib/sns-topic-policy';
export * from '@cdktf/provider-aws/lib/sns-topic-subscription';
export * from '@cdktf/provider-aws/lib/sqs-queue';
export * from '@cdktf/provider-aws/lib/sqs-queue-policy';
export * from '@cdktf/provider-aws/lib/ssm-document';
export * from '@cdktf/provider-aws/lib/ssm-parameter';
