import { Connection, type ConnectionOptions } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { reelflowSearchAttributes } from './searchAttributes';

/**
 * Registers the Reelflow search attributes that the namespace lacks. A fresh dev server
 * gets them from `--search-attribute`; this covers a reused server or a self-hosted cluster.
 * Returns the names it added.
 */
export async function ensureSearchAttributes(
  address: string | ConnectionOptions,
  namespace: string,
): Promise<string[]> {
  const connection = await Connection.connect(typeof address === 'string' ? { address } : address);
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
    const missing = reelflowSearchAttributes.map((k) => k.name).filter((name) => !known.has(name));
    if (missing.length === 0) return [];
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
      ),
    });
    return missing;
  } finally {
    await connection.close();
  }
}
