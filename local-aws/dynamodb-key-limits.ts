/*
 * DynamoDB's key size limits on reads by key. DynamoDB refuses a key attribute larger than the
 * table's key can be (a partition key of at most 2,048 bytes, a sort key of at most 1,024) with
 * ValidationException, on GetItem, DeleteItem, UpdateItem and BatchGetItem as on PutItem; moto
 * 5.2.1 checks only writes, and answers an oversized GetItem with no item. The front checks the
 * reads here, before moto sees them, so local AWS refuses what AWS refuses.
 */

/** DynamoDB's largest partition key, in bytes. */
export const PARTITION_KEY_MAX_BYTES = 2048;

/** The JSON 1.0 targets whose request names items by key, and where their keys are. */
const KEYS_OF: Readonly<Record<string, (body: Record<string, unknown>) => unknown[]>> = {
  'DynamoDB_20120810.GetItem': (b) => [b.Key],
  'DynamoDB_20120810.DeleteItem': (b) => [b.Key],
  'DynamoDB_20120810.UpdateItem': (b) => [b.Key],
  'DynamoDB_20120810.BatchGetItem': (b) =>
    Object.values((b.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>).flatMap((r) => r.Keys ?? []),
};

/** True for the requests {@link keySizeRefusal} reads (their bodies are buffered for it). */
export function checksKeySize(target: string | undefined): boolean {
  return target !== undefined && target in KEYS_OF;
}

/** An attribute value's size as DynamoDB counts it for a key: UTF-8 bytes of a string, bytes of a binary. */
function keyBytes(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const v = value as { S?: unknown; B?: unknown; N?: unknown };
  if (typeof v.S === 'string') return Buffer.byteLength(v.S, 'utf8');
  if (typeof v.B === 'string') return Buffer.from(v.B, 'base64').length;
  if (typeof v.N === 'string') return v.N.length;
  return 0;
}

/**
 * Why DynamoDB refuses the request, or undefined: any key attribute larger than a partition key
 * may be (a sort key that large is refused as well, so this never refuses what DynamoDB accepts).
 * @param target the `X-Amz-Target` header
 * @param text the JSON request body
 */
export function keySizeRefusal(target: string | undefined, text: string): string | undefined {
  const keysOf = target ? KEYS_OF[target] : undefined;
  if (!keysOf) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined; // moto answers a body that is not JSON the way DynamoDB does
  }
  if (typeof body !== 'object' || body === null) return undefined;
  for (const key of keysOf(body as Record<string, unknown>)) {
    if (typeof key !== 'object' || key === null) continue;
    if (Object.values(key).some((value) => keyBytes(value) > PARTITION_KEY_MAX_BYTES)) {
      return `One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of ${PARTITION_KEY_MAX_BYTES} bytes`;
    }
  }
  return undefined;
}
