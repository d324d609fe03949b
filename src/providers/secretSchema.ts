import { z } from 'zod';

/** One secret, or several while a rotation is under way; always an array after parsing. */
export const SecretList = z.union([z.string().min(1, 'must not be empty'), z.array(z.string().min(1, 'must not be empty')).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]));

/** Names a connection in URLs and resource keys. */
export const ConnectionName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, "-" or "_", at most 63 characters');
