/**
 * Errors of the domain layer.
 *
 * Only errors caused by the caller's input are modelled here: they carry the path of the offending
 * field and a message that tells both what was wrong and how to fix it, so that an AI assistant (or a
 * human) can correct the call without guessing. Programming errors (broken invariants) are plain
 * `RangeError`/`TypeError`s.
 */

/**
 * An error caused by the caller's input.
 *
 * `field` is the input path (e.g. `"items[2].quantity"`), `message` says what was wrong AND how to fix
 * it, `details` optionally carries structured data (e.g. the allowed values).
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** what kind of refusal: a surface maps it (HTTP status, MCP error metadata) */
  readonly kind: ErrorKind = 'invalid';

  constructor(
    public readonly field: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * The kinds of refusal: `invalid` input, a thing `not_found` in the shop, a `conflict` with an earlier
 * request (an idempotency key reused for another payload), the `wrong_state` for the operation (a
 * validated order's lines, a quote refunded), `forbidden` by the caller's rights.
 */
export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'wrong_state' | 'forbidden';

/** The field names a thing (an id, a name, a number) that this shop does not have. */
export class NotFoundError extends InputError {
  override readonly kind = 'not_found';
}
/** The request contradicts an earlier one (an idempotency key given again with another payload). */
export class ConflictError extends InputError {
  override readonly kind = 'conflict';
}
/** The thing is not in a state that allows the operation (a validated order's lines, a quote's refund). */
export class WrongStateError extends InputError {
  override readonly kind = 'wrong_state';
}

/** Type guard for {@link InputError}. */
export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
