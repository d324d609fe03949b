import { VerificationError } from '../../src/providers/errors';

/** Why `verify` refused the request, or undefined when it accepted it; anything but a VerificationError fails the test. */
export function reasonOf(verify: () => void): string | undefined {
  try {
    verify();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(VerificationError);
    return (error as VerificationError).reason;
  }
}
