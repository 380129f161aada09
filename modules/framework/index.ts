/**
 * The seam between this project and the CDK for Terraform framework and its AWS provider binding.
 * Everything else in the project imports cdktf, constructs and provider classes from here (a
 * lint rule keeps it that way).
 */
export * from './cdktf';
export * from './aws-provider';
