/**
 * "Is the server back?" without logging in: after a network cut or a server restart the driver
 * waits out an exponential backoff (up to 5 minutes), so mail would reach the badge only at the
 * next attempt. While it waits, `watchUntilBack` knocks every few seconds: a greeting on a plain
 * or STARTTLS port (RFC 9051 §7.1.1), a finished TLS handshake on an implicit-TLS port
 * (RFC 8314 §3). Only an answer that follows a knock that got none counts, so a server that
 * answers but then refuses (a login problem, a full server) keeps its backoff instead of being
 * asked every few seconds.
 */
import type { Endpoint } from './connection';
import { openGreeted, probeTls } from './tls-probe';

/** Whether the server at `ep` answers now (within `ms`). Never throws. */
export async function answers(ep: Endpoint, ms: number): Promise<boolean> {
  if (ep.security !== 'none')
    return probeTls(ep.host, ep.port, ep.security, ms).then(
      () => true,
      () => false,
    );
  return openGreeted(ep.host, ep.port, ms).then(
    (socket) => (socket.destroy(), true),
    () => false,
  );
}

/**
 * Knock now and then every `everyMs`; call `onBack` once the server answers after having not
 * answered. Returns the function that stops the knocking.
 *
 * The first knock goes out at once: it is what tells an outage (no answer) from a refusal (an
 * answer). Were it to wait `everyMs`, an outage shorter than that — a network back within two
 * seconds — would show no unanswered knock, and the reconnect would wait out the whole backoff.
 */
export function watchUntilBack(ep: Endpoint, everyMs: number, onBack: () => void): () => void {
  let stopped = false;
  let sawDown = false;
  let timer: NodeJS.Timeout | undefined;
  const knock = async () => {
    const up = await answers(ep, Math.min(everyMs, 3_000));
    if (stopped) return;
    if (up && sawDown) {
      stopped = true;
      return onBack();
    }
    if (!up) sawDown = true;
    timer = setTimeout(() => void knock(), everyMs);
    timer.unref();
  };
  void knock();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
