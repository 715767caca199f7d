import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The hex SHA-256 of a file, streamed (never the whole file in memory). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The hex SHA-256 of bytes or text. */
export function bytesSha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
