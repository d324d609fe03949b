/**
 * FastPix resource ids: media ids are UUIDs, live stream and simulcast ids 32 hex digits. Anything
 * that could leave a URL path segment, or not fit an aspect name, is refused before it is used.
 */
export const FASTPIX_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A workspace id names the account of resource keys: printable, no spaces, no `:` (the key separator). */
export const WORKSPACE_ID = /^[\x21-\x39\x3B-\x7E]{1,200}$/;
