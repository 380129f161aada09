/**
 * An AWS Security Hub emulator for tests and local runs: the REST-JSON API, per account and
 * Region, with findings that administrators see across their members and linked Regions.
 */
export { SecurityHubEmulator, type LoadResult, type SecurityHubEmulatorOptions } from './emulator';
export { type RequestLogEntry } from './http';
export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  accountForAccessKey,
  parseCredentialScope,
  type CredentialScope,
} from './identity';
export { EmulatorState } from './state';
export { SecurityHubError, type ErrorCode } from './errors';
