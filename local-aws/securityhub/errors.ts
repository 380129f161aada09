/**
 * Security Hub's error codes and the HTTP status each one travels with.
 *
 * The status and code pairs are the ones in the Security Hub API reference. SDK v3 clients pick
 * the exception class from the `x-amzn-ErrorType` header (or the body's `__type`/`code`), so a
 * wrong name here means a test that expects `InvalidAccessException` sees a generic
 * `SecurityHubServiceException` instead.
 */
export const ERROR_STATUS = {
  InvalidInputException: 400,
  ResourceInUseException: 400,
  SerializationException: 400,
  InvalidAccessException: 401,
  AccessDeniedException: 403,
  MissingAuthenticationTokenException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ResourceConflictException: 409,
  LimitExceededException: 429,
  InternalException: 500,
} as const;

/** One of the error codes the emulator returns. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error that the emulator turns into a Security Hub error response. */
export class SecurityHubError extends Error {
  /** The HTTP status the code travels with. */
  public readonly status: number;

  /**
   * @param code the exception name, as in `x-amzn-ErrorType`
   * @param message the human-readable message, returned as `Message`
   */
  constructor(
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
    this.status = ERROR_STATUS[code];
  }
}

/** A request that breaks one of the API's documented constraints (400). */
export function invalidInput(message: string): SecurityHubError {
  return new SecurityHubError('InvalidInputException', message);
}

/** A resource the request names does not exist (404). */
export function notFound(message: string): SecurityHubError {
  return new SecurityHubError('ResourceNotFoundException', message);
}

/** The resource already exists or is in a state that forbids the change (409). */
export function conflict(message: string): SecurityHubError {
  return new SecurityHubError('ResourceConflictException', message);
}

/** A per-account quota would be exceeded (429). */
export function limitExceeded(message: string): SecurityHubError {
  return new SecurityHubError('LimitExceededException', message);
}

/** The caller may not use this operation (403). */
export function accessDenied(message: string): SecurityHubError {
  return new SecurityHubError('AccessDeniedException', message);
}

/**
 * The caller's account has no hub in this Region (401). The provider and other tools look for
 * the phrase "not subscribed to AWS Security Hub" in this message, so it is kept word for word.
 */
export function notSubscribed(accountId: string): SecurityHubError {
  return new SecurityHubError('InvalidAccessException', `Account ${accountId} is not subscribed to AWS Security Hub`);
}

/** The status, headers and body of an error response, shaped the way Security Hub shapes them. */
export interface ErrorResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Renders an error the way the REST-JSON protocol carries it: the code in `x-amzn-ErrorType`,
 * and a JSON body with `__type`, `Code` and `Message`.
 */
export function renderError(err: SecurityHubError, requestId: string): ErrorResponse {
  return {
    status: err.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': `${err.code}:http://internal.amazon.com/coral/com.amazonaws.securityhub/`,
      'x-amzn-requestid': requestId,
    },
    body: JSON.stringify({ __type: err.code, Code: err.code, Message: err.message }),
  };
}
