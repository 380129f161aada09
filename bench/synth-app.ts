import { App } from '../modules/framework';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE, loadOrganizationConfig, parseOrganizationConfig } from '../config/load';
import { buildOrganizationStacks } from '../stacks/organization';

/*
 * One synth, in a fresh process, of one variant: `default` (the embedded example), or
 * `direct-N` / `ou-N` (a generated org of N accounts listed
 * directly in tiers, or placed in OUs of 50). Prints the resource count; the caller times the process.
 */

function generatedOrg(accounts: number, byOu: boolean): string {
  const data = parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8'));
  const perTier = [Math.ceil(accounts * 0.2), Math.ceil(accounts * 0.6)];
  perTier.push(accounts - perTier[0] - perTier[1]);
  let next = 500000000000;
  data.tiers.forEach((tier: Record<string, unknown>, t: number) => {
    const n = perTier[t];
    if (byOu) {
      tier.organizationalUnits = Array.from(
        { length: Math.max(1, Math.ceil(n / 50)) },
        (_, i) => `ou-acme-${t}${String(i).padStart(7, '0')}`,
      );
      tier.accounts = [];
    } else {
      tier.organizationalUnits = [];
      tier.accounts = Array.from({ length: n }, () => String(next++));
    }
  });
  return stringify(data);
}

const variant = process.argv[2] ?? 'default';
const outdir = mkdtempSync(path.join(tmpdir(), 'bench-synth-'));
const app = new App({ outdir });
if (variant === 'default') {
  buildOrganizationStacks(app, loadOrganizationConfig(DEFAULT_CONFIG_FILE));
} else {
  const match = /^(direct|ou)-(\d+)$/.exec(variant);
  if (!match) throw new Error(`unknown variant ${variant}; use default, direct-N or ou-N`);
  buildOrganizationStacks(
    app,
    parseOrganizationConfig(generatedOrg(Number(match[2]), match[1] === 'ou'), `${variant}.yaml`),
  );
}
app.synth();
let resources = 0;
for (const stack of app.node.children) {
  const file = path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  for (const byName of Object.values<Record<string, unknown>>(json.resource ?? {}))
    resources += Object.keys(byName).length;
}
rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ variant, resources }) + '\n');
