/**
 * Keeps the toolbar badge in step with the store. `schedule()` may be called for every event: a
 * burst within `delayMs` costs one read of the store and at most one update of the button, and
 * an update is skipped when the look did not change.
 */
import type { MailDb } from '../store/db';
import { getUnreadTotals } from '../store/queries';
import { loadSettings } from '../store/settings';
import type { BridgeStatus } from '../messaging/bridge-status';
import type { BadgeLook } from './toolbar-badge';
import { badgeLook } from './badge-look';
import type { Translate } from './i18n';

/**
 * How long a first event waits for the rest of its burst. Each event of a burst arrives within a
 * millisecond or two of the last over native messaging, and render() also waits for the sync
 * queue to drain, so one frame (16 ms) merges a burst as well as 50 ms did; every millisecond
 * here is added to delivery → badge, which is what the user waits for.
 */
export const BADGE_DELAY_MS = 16;

export interface BadgeControllerOptions {
  db: () => Promise<MailDb>;
  bridgeState: () => BridgeStatus['state'];
  apply: (look: BadgeLook) => Promise<void>;
  translate?: Translate;
  delayMs?: number;
  /** Awaited before reading the store (the sync queue's idle), so a queued burst renders once. */
  beforeRender?: () => Promise<void>;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

export class BadgeController {
  private timer: unknown;
  private last: string | undefined;
  private running: Promise<void> = Promise.resolve();
  /** Number of times the button was actually updated (for tests and diagnostics). */
  applied = 0;

  constructor(private readonly options: BadgeControllerOptions) {}

  /** Asks for an update soon; calls within the delay are merged into one. */
  schedule(): void {
    if (this.timer !== undefined) return;
    const set = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.timer = set(() => {
      this.timer = undefined;
      void this.update();
    }, this.options.delayMs ?? BADGE_DELAY_MS);
  }

  /** Computes and applies the look now (serialised, so looks are applied in order). */
  update(): Promise<void> {
    this.running = this.running
      .then(() => this.render())
      .catch((error: unknown) => console.warn('mailglance: badge update failed', error));
    return this.running;
  }

  private async render(): Promise<void> {
    await this.options.beforeRender?.();
    const db = await this.options.db();
    const [totals, settings] = await Promise.all([getUnreadTotals(db), loadSettings(db)]);
    const look = badgeLook(
      { bridge: this.options.bridgeState(), totals, color: settings.badgeColor },
      this.options.translate,
    );
    const signature = JSON.stringify(look);
    if (signature === this.last) return;
    this.last = signature;
    this.applied++;
    await this.options.apply(look);
  }
}
