import { existsSync } from 'node:fs';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Command } from '../command';
import { parseOrganizationConfig } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { awsConnectionFlags } from '../aws/connection-flags';
import {
  clientSettings,
  createSecurityHubClient,
  DEFAULT_MAX_ATTEMPTS,
  describeAwsError,
  isMissingRegion,
  missingRegionError,
} from '../aws/securityhub-client';
import { observeOrganization } from '../adopt/observe';
import { readManagementView } from '../adopt/management';
import { adoptedConfig } from '../adopt/to-config';
import { adoptedYaml } from '../adopt/yaml';
import { CliError, EXIT_FAILURE, EXIT_OK } from '../errors';
import { exitCodesHelp, formatFlagHelp, HELP_FLAG, integerFlag, parseFlags, stringFlag, type FlagSpec } from '../flags';
import { wroteFile } from '../io/output';
import { writeFileAtomic } from '../io/atomic-write';

const NAME = 'securityhub adopt';

/** The flags `securityhub adopt` takes. */
export const ADOPT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'output',
    type: 'string',
    short: 'o',
    value: 'FILE',
    description: 'where to write the organization config (default org.yaml)',
  },
  {
    name: 'management-profile',
    type: 'string',
    value: 'NAME',
    description:
      'profile of the management account, for what only it can read: the delegated administrators and OU names',
  },
  { name: 'force', type: 'boolean', description: 'overwrite --output when it exists' },
  ...awsConnectionFlags(
    'the aggregation Region of the delegated administrator (default AWS_REGION)',
    'send every AWS request to URL, e.g. local AWS',
  ),
  HELP_FLAG,
];

const HELP = `Usage: securityhub adopt [--output org.yaml] [--region HOME] [--management-profile NAME] [flags]

Reads an organization that already runs Security Hub, with the delegated administrator's
credentials in the aggregation Region, and writes an organization config that reproduces it:
linked Regions from the finding aggregator, one tier per configuration policy (or one from the
administrator's own settings under LOCAL configuration), product subscriptions, custom actions,
automation rules and insights, with a comment saying where each value came from. Its adoption
section holds the import id of every existing resource, so \`cdktf synth\` writes Terraform import
blocks and the first plan adopts them instead of creating them.

At the end it lists what the stacks would change (LOCAL -> CENTRAL, controls re-enabled, policies
rewritten) and what the config cannot express (left as it is, outside Terraform). A run with a
member account's credentials, or outside the aggregation Region, writes nothing. See docs/adopt.md.

Flags:
${formatFlagHelp(ADOPT_FLAGS)}

${exitCodesHelp('nothing was written (member credentials, another Region, an AWS failure), or the config written needs editing before synth')}

Examples:
  AWS_PROFILE=security securityhub adopt --region us-east-1 --output org.yaml
  securityhub adopt --region us-east-1 --management-profile management --output org.yaml
`;

/** `securityhub adopt`: an org config from the live organization, with import ids. */
export const adoptCommand: Command = {
  name: 'adopt',
  summary: 'write an org config from an organization that already runs Security Hub, adopting what exists',
  help: () => HELP,
  async run(argv, io) {
    const flags = parseFlags(NAME, ADOPT_FLAGS, argv);
    if (flags.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const output = stringFlag(flags, 'output') ?? 'org.yaml';
    if (existsSync(output) && !flags.force)
      throw new CliError(
        `--output ${output} exists; choose another file or pass --force to overwrite it. Nothing was written.`,
      );
    const connection = {
      region: stringFlag(flags, 'region'),
      profile: stringFlag(flags, 'profile'),
      endpointUrl: stringFlag(flags, 'endpoint-url'),
      maxAttempts: integerFlag(NAME, flags, 'max-attempts', 1, 20, DEFAULT_MAX_ATTEMPTS),
    };
    const managementProfile = stringFlag(flags, 'management-profile');
    const settings = clientSettings(connection);
    const sts = new STSClient(settings);
    const organizations = new OrganizationsClient(settings);
    const securityhub = createSecurityHubClient(connection);
    try {
      let accountId: string;
      let region: string;
      try {
        accountId = (await sts.send(new GetCallerIdentityCommand({}))).Account!;
        region = await securityhub.config.region();
      } catch (e) {
        if (isMissingRegion(e)) throw missingRegionError();
        throw new CliError(
          `cannot tell who the credentials belong to (${describeAwsError(e)}); pass --profile or set AWS credentials of the delegated administrator.`,
        );
      }
      let organization;
      try {
        organization = (await organizations.send(new DescribeOrganizationCommand({}))).Organization!;
      } catch (e) {
        throw new CliError(
          `account ${accountId} cannot read its organization (${describeAwsError(e)}); adopt needs an account of an AWS Organization. Nothing was written.`,
        );
      }
      if (organization.MasterAccountId === accountId) {
        throw new CliError(
          `account ${accountId} is the management account; run adopt with the Security Hub delegated administrator's credentials and pass the management account's profile as --management-profile. Nothing was written.`,
        );
      }
      const seen = await observeOrganization(securityhub, accountId, region);
      const adopted = adoptedConfig(seen, {
        organizationId: organization.Id!,
        managementAccountId: organization.MasterAccountId!,
      });
      const notes = [...adopted.notExpressed];
      if (managementProfile !== undefined) {
        const tiers = adopted.data.tiers as { organizationalUnits: string[] }[];
        const linked = (adopted.data.organization as { linkedRegions: unknown }).linkedRegions;
        // The Regions the management stack delegates GuardDuty, Inspector and Macie in (stacks/tier-targets.ts).
        const regions = Array.isArray(linked) ? (linked as string[]) : [region];
        const view = await readManagementView(
          { ...connection, profile: managementProfile },
          accountId,
          regions,
          tiers.flatMap((t) => t.organizationalUnits),
        );
        adopted.changes.push(...view.changes);
        (adopted.data.adoption as Record<string, unknown>).delegatedAdministrators = view.delegatedAdministrators;
        tiers.forEach((t, i) => {
          const named = t.organizationalUnits.filter((ou) => view.ouNames.has(ou));
          if (named.length > 0)
            adopted.comments.set(
              `tiers.${i}.organizationalUnits`,
              ` OUs: ${named.map((ou) => `${ou} (${view.ouNames.get(ou)})`).join(', ')}.`,
            );
        });
      }
      const yaml = adoptedYaml(
        adopted,
        ` Organization config adopted by \`securityhub adopt\` on ${new Date().toISOString().slice(0, 10)} from account ${accountId}, ${region}.\n Review every comment, then: cdktf synth, terraform plan (docs/adopt.md).`,
      );
      // The config is checked by the real loader before it is written: a file adopt writes must load, or say why not.
      let problems: string | undefined;
      try {
        parseOrganizationConfig(yaml, output);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        problems = e.report();
      }
      await writeFileAtomic(output, yaml);
      wroteFile(
        NAME,
        output,
        io,
        `${(adopted.data.tiers as unknown[]).length} tier(s), ${importCount(adopted.data.adoption as Record<string, unknown>)} existing resource(s) to import`,
      );
      if (notes.length > 0)
        io.stdout.write(
          `\nNot expressed in the config (left as it is, outside Terraform):\n${notes.map((n) => `  - ${n}`).join('\n')}\n`,
        );
      io.stdout.write(
        `\nWhat the first apply would change:\n${adopted.changes.length > 0 ? adopted.changes.map((c) => `  - ${c}`).join('\n') : '  - nothing on the adopted resources'}\n`,
      );
      if (problems) {
        io.stderr.write(`\n${output} needs editing before synth:\n${problems}`);
        return EXIT_FAILURE;
      }
      return EXIT_OK;
    } finally {
      sts.destroy();
      organizations.destroy();
      securityhub.destroy();
    }
  },
};

/** How many import blocks the adoption section makes: one per id, per Region, per principal. */
function importCount(adoption: Record<string, unknown>): number {
  return Object.values(adoption).reduce<number>((n, v) => {
    if (typeof v === 'string') return n + 1;
    if (Array.isArray(v)) return n + v.length;
    return n + importCount(v as Record<string, unknown>);
  }, 0);
}
