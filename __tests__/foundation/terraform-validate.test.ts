import { App } from '../../modules/framework';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG_FILE, loadOrganizationConfig } from '../../config/load';
import { buildOrganizationStacks } from '../../stacks/organization';
import { offlineTerraformEnv, terraform } from '../support/terraform';

// Real terraform and the real AWS provider binary from the local mirror: a missing one fails here
// (offlineTerraformEnv and terraform() throw), it is never skipped.
describe('terraform validate, offline, provider 5.100.0 from the local mirror', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'validate-'));
  const app = new App({ outdir });
  buildOrganizationStacks(app, loadOrganizationConfig(DEFAULT_CONFIG_FILE));
  app.synth();
  const stacks = readdirSync(path.join(outdir, 'stacks')).sort();
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    env = offlineTerraformEnv();
  });

  test('every stack of the embedded example was synthesized', () => {
    expect(stacks).toEqual(['management', 'security', 'workload-production', 'workload-sandbox', 'workload-staging']);
  });

  test.each(stacks)('%s: init and validate', async (stack) => {
    const cwd = path.join(outdir, 'stacks', stack);
    const init = await terraform(['init', '-backend=false', '-input=false', '-no-color'], cwd, env);
    expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: '' });
    const validate = await terraform(['validate', '-json', '-no-color'], cwd, env);
    const result = JSON.parse(validate.stdout);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
