/**
 * A session that reads one message body: UIDL to find its number, LIST for its size, RETR
 * capped at 5 MB (streamed; past the cap the connection is simply closed, which is harmless in
 * a session with no DELE).
 */
import { BridgeError, ErrorCode } from '../../protocol';
import type { Pop3Client } from './client';
import { listSize } from './poll';

export const RETR_CAP = 5 * 1024 * 1024;

export interface RawMessage {
  data: Buffer;
  truncated: boolean;
  size: number;
}

export async function fetchSession(client: Pop3Client, uid: string, cap = RETR_CAP): Promise<RawMessage> {
  const n = (await client.uidl()).find((e) => e.uid === uid)?.n;
  if (n === undefined) throw new BridgeError(ErrorCode.MessageGone, 'the message is no longer on the POP3 server');
  const size = await listSize(client, n);
  const { data, truncated } = await client.retr(n, cap);
  if (!client.isClosed) await client.quit();
  return { data, truncated, size };
}
