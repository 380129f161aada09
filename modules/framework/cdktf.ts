/**
 * The CDK for Terraform core and the constructs base, re-exported from the one place that names
 * them. cdktf is deprecated upstream and continues as CDK Terrain (`cdktn`) with the same API:
 * a move renames the packages here, nothing else (docs/cdktn-migration.md).
 */
export * from 'cdktf';
export { Construct, Node, type IConstruct, type IValidation } from 'constructs';
