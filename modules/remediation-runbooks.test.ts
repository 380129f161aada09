import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SsmDocument } from './framework';
import { RemediationRunbooks } from './remediation-runbooks';
import { synth } from '../__tests__/support/synth-constructs';

/** The SSM document files shipped with the package: what users review in a pull request. */
const SHIPPED = path.join(__dirname, '..', 'remediation-functions', 'ssm-documents');
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:111111111111:function:securityhub-remediate-s3';

/** The synthesized SSM documents' content, parsed, by document name. */
function documents(props: Partial<ConstructorParameters<typeof RemediationRunbooks>[2]>): Record<string, unknown> {
  const { resources } = synth(
    (s) =>
      new RemediationRunbooks(s, 'runbooks', {
        runbooks: [{ runbook: 'EnableS3BucketBlockPublicAccess', functionArn: FUNCTION_ARN }],
        ...props,
      }),
  );
  return Object.fromEntries(
    Object.values(resources[SsmDocument.tfResourceType]).map((d) => [d.name, JSON.parse(d.content)]),
  );
}

/** A shipped document with its function default pointed at the deployed function. */
function shipped(name: string, dir = SHIPPED): unknown {
  const doc = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'));
  doc.parameters.RemediationFunction.default = FUNCTION_ARN;
  return doc;
}

describe('RemediationRunbooks', () => {
  test('publishes the shipped document of each runbook, pointed at its function', () => {
    expect(documents({})).toEqual({
      'SecurityHubRemediation-EnableS3BucketBlockPublicAccess': shipped(
        'SecurityHubRemediation-EnableS3BucketBlockPublicAccess',
      ),
    });
  });

  test('documentsDir publishes reviewed copies from a folder instead', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runbooks-'));
    try {
      const copy = JSON.parse(
        readFileSync(path.join(SHIPPED, 'SecurityHubRemediation-EnableS3BucketBlockPublicAccess.json'), 'utf8'),
      );
      copy.description = 'Reviewed copy';
      writeFileSync(
        path.join(dir, 'SecurityHubRemediation-EnableS3BucketBlockPublicAccess.json'),
        JSON.stringify(copy),
      );
      const doc = documents({ documentsDir: dir })['SecurityHubRemediation-EnableS3BucketBlockPublicAccess'];
      expect(doc).toEqual(shipped('SecurityHubRemediation-EnableS3BucketBlockPublicAccess', dir));
      expect(doc).toMatchObject({ description: 'Reviewed copy' });
      expect(() =>
        synth(
          (s) =>
            new RemediationRunbooks(s, 'runbooks', {
              runbooks: [{ runbook: 'RequireSslOnS3Bucket', functionArn: FUNCTION_ARN }],
              documentsDir: dir,
            }),
        ),
      ).toThrow(
        /cannot read the SSM document for runbook RequireSslOnS3Bucket \(.*SecurityHubRemediation-RequireSslOnS3Bucket\.json\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a runbook the catalogue does not have is refused by name', () => {
    expect(() =>
      synth(
        (s) =>
          new RemediationRunbooks(s, 'runbooks', {
            runbooks: [{ runbook: 'EnableS3BucketBlockPublicAcess', functionArn: FUNCTION_ARN }],
          }),
      ),
    ).toThrow(
      'runbook "EnableS3BucketBlockPublicAcess" is not in the catalogue (did you mean "EnableS3BucketBlockPublicAccess"?); name a runbook of domain/catalogue/remediations.ts, or pass documentsDir with its document.',
    );
  });
});
