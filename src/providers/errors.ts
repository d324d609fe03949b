/** The request is not from whom it claims to be: answered 401, reason logged, secret never. */
export class VerificationError extends Error {
  override readonly name = 'VerificationError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The body is not what the provider sends: answered 400 naming the field, so a human can fix it. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(field ? `${field}: ${detail}` : detail);
  }
}

/**
 * The PayloadError for the first issue of a failed zod parse, naming its field as the sender
 * writes it (`fieldName` maps the dotted path, e.g. to `ce-type` or `[2].type`).
 */
export function payloadErrorFromZod(issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>, fieldName: (path: string) => string = (path) => path): PayloadError {
  const issue = issues[0]!;
  return new PayloadError(fieldName(issue.path.map(String).join('.')) || '(body)', issue.message);
}
