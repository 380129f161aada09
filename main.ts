import { App } from './modules/framework';
import { ConfigError } from './config/problems';
import { loadOrganizationConfig, resolveConfigFile } from './config/load';
import { buildOrganizationStacks } from './stacks/organization';

// The app entry: org config -> stacks. The config is validated before any stack exists, so a bad
// config writes nothing to cdktf.out.
try {
  const config = loadOrganizationConfig(resolveConfigFile(), { onWarning: (w) => process.stderr.write(`${w}\n`) });
  const app = new App();
  buildOrganizationStacks(app, config);
  app.synth();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`Invalid organization config (${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}):\n${e.message}\n`);
  process.exit(1);
}
