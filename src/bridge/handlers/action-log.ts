/**
 * One log line for every user action the server did not take (the line a bug report needs): which
 * account, which action, the error code and the reason. Values from the request other than the
 * account id and action name stay out of the log (they may be long, or private).
 */
import { BridgeError, ErrorCode } from '../../protocol';
import type { Logger } from '../log';

/** Runs `fn`; on failure logs one warning line and rethrows. */
export async function loggingFailure<T>(
  log: Logger,
  what: { accountId: string; action: string },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const code = error instanceof BridgeError ? error.code : ErrorCode.Internal;
    log.warn('action failed', { ...what, code, reason: (error as Error)?.message ?? String(error) });
    throw error;
  }
}
