import { parseCliOptions, USAGE, UsageError, type CliOptions } from './cli-options';
import { startLocalAws, type LocalAws } from './lifecycle';
import { MotoNotFoundError, MotoStartError } from './moto';
import { readSeedFile, SeedFormatError, seedFindings } from './seed';

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
    const reason = err instanceof SeedFormatError ? err.message : (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`--seed ${JSON.stringify(options.seed)} cannot be used (${reason}): give a JSON file as \`aws securityhub get-findings\` prints it, or JSON Lines of findings`);
  }
}

function report(local: LocalAws, options: CliOptions, seed: unknown[] | undefined): void {
  // The endpoint line comes first: scripts wait for it to know local AWS is ready.
  const lines = Object.entries(local.env).map(([name, value]) => `${name}=${value}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (seed) {
    const result = seedFindings(local.securityhub, seed, { administratorAccountId: options.adminAccount, defaultRegion: options.region });
    process.stderr.write(`local-aws: loaded ${result.loaded} of ${seed.length} findings for administrator ${result.administratorAccountId} in ${result.regions.join(', ') || 'no Region'}\n`);
    for (const failure of result.failed.slice(0, 10)) {
      process.stderr.write(`local-aws: finding ${failure.index + 1}${failure.id ? ` (${failure.id})` : ''} not loaded: ${failure.problem.message}\n`);
    }
    if (result.failed.length > 10) process.stderr.write(`local-aws: ${result.failed.length - 10} more findings not loaded\n`);
  }
  process.stderr.write(`local-aws: Security Hub emulator and moto_server behind ${local.endpoint}; Ctrl-C or \`kill ${process.pid}\` stops them\n`);
}

async function main(): Promise<void> {
  let options: CliOptions;
  let seed: unknown[] | undefined;
  try {
    options = parseCliOptions(process.argv.slice(2));
    if (options.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    seed = loadSeed(options);
  } catch (err) {
    if (err instanceof UsageError) fail(err.message, EXIT_USAGE);
    throw err;
  }
  // Signals are handled from the start: one that arrives while moto_server is still starting
  // exits at once, and the exit hook of moto.ts kills the process group it started.
  let local: LocalAws | undefined;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    // npm forwards Ctrl-C's SIGINT as well as the terminal sending it: act on the first one only.
    if (stopping) return;
    stopping = true;
    process.stderr.write(`local-aws: ${signal}, stopping\n`);
    if (!local) process.exit(0);
    local.stop().then(() => process.exit(0), () => process.exit(1));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
  try {
    local = await startLocalAws({ port: options.port, region: options.region, administratorAccountId: options.adminAccount });
  } catch (err) {
    if (err instanceof MotoNotFoundError || err instanceof MotoStartError) fail(err.message, 1);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`--port ${options.port} is already in use: choose another port, or leave --port out for a free one`, EXIT_USAGE);
    throw err;
  }
  report(local, options, seed);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1));
