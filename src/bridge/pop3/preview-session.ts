/**
 * A read-only session that previews chosen messages for `mailbox.page`: UIDL to find their
 * numbers in this session (RFC 1939 §7), then LIST and TOP for each, then QUIT. No DELE, so
 * nothing here can change the maildrop.
 */
import type { Pop3Client } from './client';
import { listSize, type RawPreview } from './poll';

export async function previewSession(
  client: Pop3Client,
  uids: readonly string[],
  lines: number,
): Promise<RawPreview[]> {
  const numberOf = new Map((await client.uidl()).map((e) => [e.uid, e.n]));
  const previews: RawPreview[] = [];
  for (const uid of uids) {
    const n = numberOf.get(uid);
    if (n === undefined) continue; // deleted by another client since the last poll
    const size = await listSize(client, n);
    const top = await client.top(n, lines);
    previews.push({ uid, size, data: top.data });
  }
  if (!client.isClosed) await client.quit();
  return previews;
}
