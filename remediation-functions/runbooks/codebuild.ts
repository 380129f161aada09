import { BatchGetProjectsCommand, CodeBuildClient, type EnvironmentVariable } from '@aws-sdk/client-codebuild';
import { ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import type { Runbook, RunbookContext } from './types';

function codebuild(ctx: RunbookContext): CodeBuildClient {
  return ctx.clients.get('codebuild', CodeBuildClient, parseArn(ctx.resource.Id)?.region || ctx.region);
}

/** Variable names that hold AWS credentials, as CodeBuild.2 checks them. */
const CREDENTIAL_NAMES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
/** The shape of an access key id, for credentials kept under other names. */
const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

/** A plain-text variable that looks like an AWS credential, by its name or by its value's shape. */
function holdsCredential(v: EnvironmentVariable): boolean {
  return (
    (v.type ?? 'PLAINTEXT') === 'PLAINTEXT' &&
    (CREDENTIAL_NAMES.includes(v.name ?? '') || ACCESS_KEY_ID.test(v.value ?? ''))
  );
}

/**
 * CodeBuild.2: the project's environment keeps AWS credentials in plain text. Moving them changes
 * what every build of the project gets, and the exposed key must be replaced by its owner, so this
 * runbook only names the variables (never their values) and sends the steps.
 */
export const notifyCodeBuildPlaintextCredentials: Runbook<{
  readonly projectName: string;
  readonly variableNames: readonly string[];
}> = {
  name: 'NotifyCodeBuildPlaintextCredentials',
  resourceTypes: ['AwsCodeBuildProject'],
  async inspect(ctx) {
    const arn = parseArn(ctx.resource.Id);
    const name = arn?.resource.startsWith('project/') ? arn.resource.slice('project/'.length) : ctx.resource.Id;
    const project = (await codebuild(ctx).send(new BatchGetProjectsCommand({ names: [name] }))).projects?.[0];
    if (!project) throw new ResourceNotFoundError(`CodeBuild project ${name} no longer exists`);
    // Only names leave this function: the values are the credentials.
    const variableNames = (project.environment?.environmentVariables ?? [])
      .filter(holdsCredential)
      .map((v) => v.name as string);
    const region = arn?.region || ctx.region;
    const instructions =
      variableNames.length === 0
        ? `CodeBuild project ${name} has no plain-text environment variable that looks like an AWS credential now; nothing was changed, and the finding clears at the next evaluation.`
        : [
            `CodeBuild project ${name} keeps ${variableNames.join(', ')} as plain-text environment variables, readable by anyone who may read the project. Changing them in place would break its builds, so nothing was changed. Its owner should:`,
            `1. Best: drop the variables and give the project's service role (${project.serviceRole ?? 'none set'}) the permissions the builds need; builds then get temporary credentials.`,
            `2. Otherwise store each value in Secrets Manager (aws secretsmanager create-secret --region ${region} --name codebuild/${name}/<variable> --secret-string <value>) or Parameter Store (aws ssm put-parameter --type SecureString), ` +
              'let the service role read it (secretsmanager:GetSecretValue or ssm:GetParameters), and change each variable to type SECRETS_MANAGER or PARAMETER_STORE with the secret or parameter name as its value ' +
              `(console: Edit environment, or aws codebuild update-project --region ${region} --name ${name} --environment <the full environment with those variables changed>).`,
            '3. Treat the key as exposed: create a new one for whoever needs it, then make the old one Inactive (aws iam update-access-key --status Inactive) and delete it once nothing uses it.',
          ].join('\n');
    return {
      before: { projectName: name, variableNames },
      changes: [],
      instructions,
      tags: Object.fromEntries(
        (project.tags ?? []).filter((t) => t.key !== undefined).map((t) => [t.key as string, t.value ?? '']),
      ),
    };
  },
};
