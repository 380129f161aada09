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
  process.stderr.write(e.report());
  // exitCode, not process.exit(): a piped stderr is written asynchronously, and exiting at once
  // would cut a long list of problems short.
  process.exitCode = 1;
}
