import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadOrganizationConfig, resolveConfigFile } from '../config/load';
import { ConfigError } from '../config/problems';
import type { OrganizationConfig } from '../config/schema';
import { parseCliOptions, USAGE, UsageError, type CliOptions } from './cli-options';
import { startLocalAws, type LocalAws } from './lifecycle';
import { startMotoGapsProxy, type MotoGapsProxy } from './moto-gaps';
import { MotoNotFoundError, MotoStartError } from './moto';
import { buildOrganization } from './organization';
import { readSeedFile, SeedFormatError, seedFindings } from './seed';

/** The config `--organization` writes: the given one with the ids moto chose. */
export const LOCAL_CONFIG_FILE = 'local-aws.org.yaml';

/** Exit code for a bad command line. */
const EXIT_USAGE = 2;

function fail(message: string, code: number): never {
  process.stderr.write(`local-aws: ${message}\n`);
  process.exit(code);
}

/** Reads the seed file before anything starts, so a bad file costs no moto start-up. */
function loadSeed(options: CliOptions): unknown[] | undefined {
  if (!options.seed) return undefined;
  try {
    return readSeedFile(options.seed);
  } catch (err) {
    const reason =
      err instanceof SeedFormatError ? err.message : ((err as NodeJS.ErrnoException).code ?? (err as Error).message);
    throw new UsageError(
      `--seed ${JSON.stringify(options.seed)} cannot be used (${reason}): give a JSON file as \`aws securityhub get-findings\` prints it, or JSON Lines of findings`,
    );
  }
}

/** Reads and validates the `--organization` config before anything starts. */
function loadOrganization(options: CliOptions): { config: OrganizationConfig; file: string; text: string } | undefined {
  if (options.organization === undefined) return undefined;
  const file = resolveConfigFile(options.organization === true ? undefined : options.organization);
  try {
    return { config: loadOrganizationConfig(file), file, text: readFileSync(file, 'utf8') };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(e.report());
    throw new UsageError(
      `--organization ${options.organization === true ? file : options.organization}: the config does not validate (above); fix it, then start again`,
    );
  }
}

/**
 * Builds the config's organization behind the gaps proxy and writes the local config; prints the
 * environment that points `npm run diff`/`deploy` at it, as the management account.
 */
async function organizationEnv(
  local: LocalAws,
  proxy: MotoGapsProxy,
  org: { config: OrganizationConfig; file: string; text: string },
): Promise<Record<string, string>> {
  const built = await buildOrganization(org.config, org.text, {
    endpoint: proxy.endpoint,
    region: local.env.AWS_REGION,
  });
  // npm runs scripts in the package folder; INIT_CWD is where `npm run local-aws` was typed.
  const localConfig = path.resolve(process.env.INIT_CWD ?? process.cwd(), LOCAL_CONFIG_FILE);
  writeFileSync(
    localConfig,
    `# ${org.file} with the ids local AWS chose; written by npm run local-aws -- --organization\n${built.configText}`,
  );
  const mapped = [...built.ids].map(([from, to]) => `${from} -> ${to}`).join(', ');
  process.stderr.write(
    `local-aws: organization ${built.organizationId} of ${org.file} built as management account ${org.config.organization.managementAccountId}: ${mapped}; ${LOCAL_CONFIG_FILE} holds the config with these ids\n`,
  );
  return {
    ...local.env,
    AWS_ENDPOINT_URL: proxy.endpoint,
    AWS_ACCESS_KEY_ID: org.config.organization.managementAccountId,
    // Nothing from the machine's own AWS files may change whom terraform acts as.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    SECURITYHUB_CONFIG: localConfig,
  };
}

function report(
  local: LocalAws,
  options: CliOptions,
  seed: unknown[] | undefined,
  env: Record<string, string> = { ...local.env },
): void {
  // The endpoint line comes first: scripts wait for it to know local AWS is ready.
  const lines = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (seed) {
    const result = seedFindings(local.securityhub, seed, {
      administratorAccountId: options.adminAccount,
      defaultRegion: options.region,
    });
    process.stderr.write(
      `local-aws: loaded ${result.loaded} of ${seed.length} findings for administrator ${result.administratorAccountId} in ${result.regions.join(', ') || 'no Region'}\n`,
    );
    for (const failure of result.failed.slice(0, 10)) {
      process.stderr.write(
        `local-aws: finding ${failure.index + 1}${failure.id ? ` (${failure.id})` : ''} not loaded: ${failure.problem.message}\n`,
      );
    }
    if (result.failed.length > 10)
      process.stderr.write(`local-aws: ${result.failed.length - 10} more findings not loaded\n`);
  }
  const front = env.AWS_ENDPOINT_URL !== local.endpoint ? `the moto gaps proxy at ${env.AWS_ENDPOINT_URL}, then ` : '';
  process.stderr.write(
    `local-aws: ${front}Security Hub emulator and moto_server behind ${local.endpoint}; Ctrl-C or \`kill ${process.pid}\` stops them\n`,
  );
}

async function main(): Promise<void> {
  // The SDK's seven-line notice about Node.js 20 would bury the lines this prints.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let options: CliOptions;
  let seed: unknown[] | undefined;
  let org: ReturnType<typeof loadOrganization>;
  try {
    options = parseCliOptions(process.argv.slice(2));
    if (options.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    seed = loadSeed(options);
    org = loadOrganization(options);
  } catch (err) {
    if (err instanceof UsageError) fail(err.message, EXIT_USAGE);
    throw err;
  }
  // Signals are handled from the start: one that arrives while moto_server is still starting
  // exits at once, and the exit hook of moto.ts kills the process group it started.
  let local: LocalAws | undefined;
  let proxy: MotoGapsProxy | undefined;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    // npm forwards Ctrl-C's SIGINT as well as the terminal sending it: act on the first one only.
    if (stopping) return;
    stopping = true;
    process.stderr.write(`local-aws: ${signal}, stopping\n`);
    if (!local) process.exit(0);
    Promise.all([proxy?.close(), local.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
  // Filled by the gaps proxy with the keys of assumed roles, so the emulator knows their account.
  const assumedRoleKeys: Record<string, string> = {};
  try {
    local = await startLocalAws({
      port: options.port,
      region: options.region,
      administratorAccountId: options.adminAccount,
      accessKeyAccounts: assumedRoleKeys,
    });
  } catch (err) {
    if (err instanceof MotoNotFoundError || err instanceof MotoStartError) fail(err.message, 1);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      fail(
        `--port ${options.port} is already in use: choose another port, or leave --port out for a free one`,
        EXIT_USAGE,
      );
    throw err;
  }
  if (!org) {
    report(local, options, seed);
    return;
  }
  try {
    proxy = await startMotoGapsProxy(local.endpoint, 0, {
      onAssumedRole: (key, account) => {
        assumedRoleKeys[key] = account;
      },
    });
    report(local, options, seed, await organizationEnv(local, proxy, org));
  } catch (err) {
    await Promise.all([proxy?.close(), local.stop()]);
    throw err;
  }
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1));
