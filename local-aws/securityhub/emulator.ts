import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importFinding } from './findings/import';
import type { ImportProblem } from './findings/asff';
import { createRequestListener, type RequestLogEntry } from './http';
import { DEFAULT_REGION, partitionOf } from './identity';
import { OPERATIONS } from './operations';
import { EmulatorState } from './state';
import { isObject } from './validate';

/** How to build an emulator. */
export interface SecurityHubEmulatorOptions {
  /** Access key id to account id, for keys that are not 12-digit account ids themselves. */
  readonly accessKeyAccounts?: Readonly<Record<string, string>>;
  /** An account that sees and updates every account's findings, like an organization's delegated administrator. */
  readonly administratorAccountId?: string;
  /** Called for every answered request; tests use it to see which operations a tool called. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /** Where InternalException log lines go; stderr by default. */
  readonly logError?: (line: string) => void;
}

/** The outcome of loading findings directly into the emulator. */
export interface LoadResult {
  readonly loaded: number;
  readonly failed: ReadonlyArray<{ readonly index: number; readonly id?: string; readonly problem: ImportProblem }>;
}

/**
 * An in-memory AWS Security Hub that speaks the service's REST-JSON protocol. Use
 * {@link SecurityHubEmulator.listener} to serve it from another server (the local AWS front
 * does), or {@link SecurityHubEmulator.listen} to give it a port of its own.
 */
export class SecurityHubEmulator {
  /** Everything the emulator holds, for tests that look inside. */
  public readonly state: EmulatorState;
  /** The node:http request listener that serves the API. */
  public readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
  private server?: Server;

  constructor(options: SecurityHubEmulatorOptions = {}) {
    this.state = new EmulatorState({ administratorAccountId: options.administratorAccountId });
    this.listener = createRequestListener({
      state: this.state,
      operations: OPERATIONS,
      accessKeyAccounts: options.accessKeyAccounts,
      onRequest: options.onRequest,
      logError: options.logError,
    });
  }

  /** The names of the operations the emulator implements. */
  public static operationNames(): string[] {
    return OPERATIONS.map((o) => o.name);
  }

  /**
   * Serves the API on 127.0.0.1.
   * @param port the port, or 0 for a free one
   * @returns the port it listens on
   */
  public async listen(port = 0): Promise<number> {
    const server = createServer(this.listener);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  /** Stops serving (when {@link listen} was used). */
  public async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Enables Security Hub for an account in a Region without an API call, the way an
   * organization's auto-enable would. Existing hubs are left as they are.
   */
  public enableHub(accountId: string, region = DEFAULT_REGION): void {
    if (this.state.hubOf(accountId, region)) return;
    this.state.addHub(
      { accessKeyId: accountId, accountId, region, partition: partitionOf(region) },
      new Date().toISOString(),
    );
  }

  /**
   * Loads findings as if the service had produced them: any product, any account. Each finding
   * goes to the Region it names (`Region`, else its product ARN's Region, else `defaultRegion`),
   * passes the same format checks as BatchImportFindings, and updates an existing finding with
   * the same ProductArn and Id only when its UpdatedAt is later.
   */
  public loadFindings(findings: readonly unknown[], defaultRegion = DEFAULT_REGION): LoadResult {
    const now = new Date().toISOString();
    const failed: Array<LoadResult['failed'][number]> = [];
    findings.forEach((finding, index) => {
      const problem = importFinding(this.state, finding, { region: defaultRegion, now });
      if (problem)
        failed.push({
          index,
          id: isObject(finding) && typeof finding.Id === 'string' ? finding.Id : undefined,
          problem,
        });
    });
    return { loaded: findings.length - failed.length, failed };
  }
}
