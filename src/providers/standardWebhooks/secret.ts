import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { SecretList } from '../secretSchema';

/** `whsec_` (optional) and base64; the library must accept it too (it refuses a key that decodes to nothing). */
function isSigningKey(secret: string): boolean {
  if (!/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/.test(secret)) return false;
  try {
    new Webhook(secret);
    return true;
  } catch {
    return false;
  }
}

/** One `whsec_…` signing secret, or several while a rotation is under way (any of them verifies). */
export const StandardWebhooksSecrets = SecretList.pipe(z.array(z.string().refine(isSigningKey, 'a Standard Webhooks secret: whsec_ followed by base64')));
