/**
 * Local AWS for tests and local runs: one endpoint on 127.0.0.1 where Security Hub is served by
 * this project's emulator and every other service by moto_server.
 */
export { startLocalAws, LOCAL_CREDENTIALS, type LocalAws, type LocalAwsEnv, type LocalAwsOptions } from './lifecycle';
export { seedFindings, parseFindings, readSeedFile, SeedFormatError, type SeedOptions, type SeedResult } from './seed';
export { startFront, createFrontListener, type Front, type FrontOptions } from './front';
export { startMotoServer, findOnPath, MotoNotFoundError, MotoStartError, type MotoServer } from './moto';
export {
  SecurityHubEmulator,
  type LoadResult,
  type SecurityHubEmulatorOptions,
  type RequestLogEntry,
} from './securityhub';
