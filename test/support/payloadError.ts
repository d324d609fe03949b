import { PayloadError } from '../../src/providers/errors';

/** The PayloadError `parse` throws (it must throw one): what a 400 would name. */
export function payloadErrorOf(parse: () => unknown): PayloadError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    return error as PayloadError;
  }
  throw new Error('expected a PayloadError');
}
