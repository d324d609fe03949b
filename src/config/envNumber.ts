import { z } from 'zod';

/**
 * A number the config file may also write as `${PORT:-3000}`: environment substitution yields
 * text, so a numeral is read as the number it spells. Only where the schema wants a number, so a
 * secret that happens to be all digits stays a string.
 */
export const numeric = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value), schema);
