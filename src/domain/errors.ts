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

  constructor(
    public readonly field: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Type guard for {@link InputError}. */
export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
