/**
 * The native-messaging port behind a small interface, so the bridge client can be unit-tested with
 * a fake and run for real with `browser.runtime.connectNative`.
 */
import { NATIVE_HOST_NAME } from '../protocol/version';

export interface BridgePort {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** `error` is the browser's reason, e.g. "Specified native messaging host not found." */
  onDisconnect(listener: (error: string | undefined) => void): void;
  disconnect(): void;
}

export type ConnectBridge = () => BridgePort;

/** Opens the real native port. Chrome reports errors via runtime.lastError, Firefox via port.error. */
export const connectNativeBridge: ConnectBridge = () => {
  const port = browser.runtime.connectNative(NATIVE_HOST_NAME);
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
    onDisconnect: (listener) =>
      port.onDisconnect.addListener((p) => {
        const chromeError = (globalThis as { chrome?: { runtime?: { lastError?: { message?: string } } } }).chrome
          ?.runtime?.lastError?.message;
        const firefoxError = (p as { error?: { message?: string } }).error?.message;
        listener(firefoxError ?? chromeError);
      }),
    disconnect: () => port.disconnect(),
  };
};

/** Whether a disconnect reason means the host is not installed (as opposed to having crashed). */
export function isHostMissing(error: string | undefined): boolean {
  return !!error && /not found|no such native application|not allowed|forbidden/i.test(error);
}
