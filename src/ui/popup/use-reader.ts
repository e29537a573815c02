import { useEffect, useState } from 'preact/hooks';
import type { MessageView } from '../../store/queries';
import type { MailSource } from './mail-source';

/** `#/message/<key>` opens a message directly (notifications link there). */
export function keyFromHash(hash: string): string | undefined {
  const match = /^#\/message\/(.+)$/.exec(hash);
  return match?.[1];
}

/**
 * Which message the reader shows. It keeps showing its message after it left the (unread-only)
 * list, reading it from the cache by key.
 */
export function useReader(source: MailSource, listed: readonly MessageView[] | undefined) {
  const [openKey, setOpenKey] = useState<string | undefined>(() => keyFromHash(location.hash));
  const [openMessage, setOpenMessage] = useState<MessageView | undefined>();
  useEffect(() => {
    if (!openKey) return setOpenMessage(undefined);
    const inList = listed?.find((m) => m.key === openKey);
    if (inList) return setOpenMessage(inList);
    let live = true;
    void source.message(openKey).then((m) => {
      if (!live) return;
      if (m) setOpenMessage(m);
      else setOpenMessage((old) => (old?.key === openKey ? old : undefined));
    });
    return () => {
      live = false;
    };
  }, [openKey, listed, source]);
  // Right after a message opens, `openMessage` may not be set yet (effects run after paint), so a
  // key pressed at once falls back to the list's row for it instead of being ignored.
  const opened = openMessage?.key === openKey ? openMessage : listed?.find((m) => m.key === openKey);
  return { openKey, setOpenKey, openMessage, opened };
}
