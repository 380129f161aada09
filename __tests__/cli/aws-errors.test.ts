import { classifyAwsError, explainAwsError } from '../../cli/aws/aws-errors';

/** An SDK service error as the SDK throws it. */
const serviceError = (name: string, status: number, message = 'x') =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts: 8 } });

describe('the AWS failure vocabulary', () => {
  test.each([
    [
      'credentials',
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
    ],
    [
      'credentials',
      serviceError('UnrecognizedClientException', 403, 'The security token included in the request is invalid.'),
    ],
    ['credentials', serviceError('ExpiredTokenException', 400)],
    ['region', new Error('Region is missing')],
    [
      'region',
      serviceError('InvalidAccessException', 401, 'Account 111122223333 is not subscribed to AWS Security Hub'),
    ],
    ['endpoint', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })],
    [
      'endpoint',
      Object.assign(new Error('getaddrinfo ENOTFOUND securityhub.mars-north-1.amazonaws.com'), { code: 'ENOTFOUND' }),
    ],
    ['throttling', serviceError('ThrottlingException', 400, 'Rate exceeded')],
    ['throttling', serviceError('TooManyRequestsException', 429)],
    ['access-denied', serviceError('AccessDeniedException', 403, 'not authorized')],
    ['other', serviceError('InternalException', 500)],
  ])('%s: %p', (kind, error) => {
    expect(classifyAwsError(error)).toBe(kind);
  });

  test('each kind has its own fix; only throttling and server errors mention --max-attempts', () => {
    const context = {
      operation: 'GetFindings page 1',
      action: 'securityhub:GetFindings',
      region: 'us-east-1',
      principal: 'the delegated administrator',
    };
    const fixes = {
      credentials: explainAwsError(
        Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }),
        context,
      ),
      region: explainAwsError(serviceError('InvalidAccessException', 401), context),
      endpoint: explainAwsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), context),
      throttling: explainAwsError(serviceError('ThrottlingException', 400), context),
      access: explainAwsError(serviceError('AccessDeniedException', 403), context),
    };
    expect(fixes.credentials).toMatch(
      /no usable AWS credentials\. Fix: pass --profile NAME or set AWS_PROFILE .* for the delegated administrator;/,
    );
    expect(fixes.region).toMatch(
      /wrong or missing Region \(us-east-1\)\. Fix: pass --region with the Region Security Hub runs in/,
    );
    expect(fixes.endpoint).toMatch(
      /cannot reach the AWS endpoint in us-east-1\. Fix: check --endpoint-url, the network and any HTTPS_PROXY\.$/,
    );
    expect(fixes.throttling).toMatch(
      /AWS throttled the requests after every retry\. Fix: run again later, or raise --max-attempts\.$/,
    );
    expect(fixes.access).toMatch(
      /the caller may not call securityhub:GetFindings\. Fix: use the credentials of the delegated administrator, or grant that action/,
    );
    expect(new Set(Object.values(fixes).map((f) => f.replace(/^.*?; /, ''))).size).toBe(5);
    for (const f of [fixes.credentials, fixes.region, fixes.endpoint, fixes.access])
      expect(f).not.toContain('--max-attempts');
  });
});
