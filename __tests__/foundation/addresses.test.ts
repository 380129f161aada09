import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Testing } from '../../modules/framework';
import { DEFAULT_CONFIG_FILE, loadOrganizationConfig } from '../../config/load';
import { buildOrganizationStacks } from '../../stacks/organization';

// Construct ids are Terraform addresses: moving the stacks' wiring into the library's tier
// constructs must not rename anything, or the next plan would destroy and recreate it.
// golden/example-addresses.json was written from the stacks as they were before the tier
// constructs existed (every piece a direct child of its stack); renaming on purpose needs a
// moved block and an update of that file in the same change. Runbooks added since add addresses
// of their own (their rules, documents, functions); none of the earlier ones may go.

/** Every resource, data source and output address of a synthesized stack, sorted. */
function addresses(synthesized: string): string[] {
  const json = JSON.parse(synthesized) as Record<string, Record<string, Record<string, unknown>> | undefined>;
  const list: string[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {}))
    for (const name of Object.keys(byName)) list.push(`${type}.${name}`);
  for (const [type, byName] of Object.entries(json.data ?? {}))
    for (const name of Object.keys(byName)) list.push(`data.${type}.${name}`);
  for (const name of Object.keys(json.output ?? {})) list.push(`output.${name}`);
  return list.sort();
}

test('the example organization keeps every Terraform address it had before the tier constructs', () => {
  const before = JSON.parse(readFileSync(path.join(__dirname, 'golden', 'example-addresses.json'), 'utf8')) as Record<
    string,
    string[]
  >;
  const stacks = buildOrganizationStacks(Testing.app(), loadOrganizationConfig(DEFAULT_CONFIG_FILE));
  const now = Object.fromEntries(
    [stacks.management, stacks.security, ...stacks.workloads].map((s) => [s.node.id, addresses(Testing.synth(s))]),
  );
  expect(Object.keys(now).sort()).toEqual(Object.keys(before).sort());
  for (const stack of Object.keys(before)) {
    const missing = before[stack].filter((a) => !now[stack].includes(a));
    expect({ stack, missing }).toEqual({ stack, missing: [] });
  }
  // The remediation tier is part of the comparison, not left out by accident.
  expect(before.security.filter((a) => a.startsWith('aws_lambda_function.')).length).toBeGreaterThan(0);
});
