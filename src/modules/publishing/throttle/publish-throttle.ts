import type { Platform } from '../../../common/platforms';
import type { PostingWindow, PublishLimitsConfig } from '../../../config/publish-limits.config';

/**
 * Calls granted in order may reach the platform out of order (one socket is slower): the margin
 * keeps a call granted just after a window ends from landing at the platform inside it.
 */
export const WINDOW_MARGIN_MS = 2000;

/** Whose limits a publish call counts against. */
export interface ThrottleTarget {
  platform: Platform;
  accountId: string;
}

/** A granted call: `release` frees its concurrency slots (its posting-window token stays spent). */
export interface PublishSlot {
  granted: true;
  release(): Promise<void>;
}

/** No room now: come back in `waitMs`, when the limit named in `reason` has room again. */
export interface ThrottleRefusal {
  granted: false;
  waitMs: number;
  reason: string;
}

export type ThrottleDecision = PublishSlot | ThrottleRefusal;

/** The slot of a call no limit applies to. */
export const UNTHROTTLED: PublishSlot = { granted: true, release: () => Promise.resolve() };

/**
 * The limits one publish call must fit before it may reach the platform: calls in flight to the
 * account and to the platform, and the platform's posting windows per account and per app. A
 * slot whose holder vanished (a killed worker) lapses after `holdMs` instead of leaking.
 */
export abstract class PublishThrottle {
  constructor(
    protected readonly limits: PublishLimitsConfig,
    protected readonly holdMs: number,
    protected readonly now: () => number = Date.now,
  ) {}

  abstract acquire(target: ThrottleTarget): Promise<ThrottleDecision>;

  /** The platform's windows, each widened by WINDOW_MARGIN_MS. */
  protected windowsOf(platform: Platform): { account?: PostingWindow; app?: PostingWindow } {
    const { account, app } = this.limits.postingLimits[platform] ?? {};
    const widen = (window?: PostingWindow) =>
      window && { posts: window.posts, windowMs: window.windowMs + WINDOW_MARGIN_MS };
    return { account: widen(account), app: widen(app) };
  }

  protected windowSpent(
    platform: Platform,
    scope: 'account' | 'app',
    waitMs: number,
  ): ThrottleRefusal {
    const window = this.limits.postingLimits[platform]![scope]!;
    const minutes = Math.round(window.windowMs / 60_000);
    return {
      granted: false,
      waitMs,
      reason: `the ${scope}'s posting limit on ${platform} (${window.posts} per ${minutes} min) is spent`,
    };
  }

  /** Jittered, so runs refused together do not all come back together. */
  protected busy(what: string): ThrottleRefusal {
    const waitMs = Math.round(this.limits.busyRetryMs * (0.5 + Math.random()));
    return { granted: false, waitMs, reason: what };
  }
}

/** Until the oldest call of a full window leaves it; 0 while the window has room. */
export function windowWaitMs(calls: number[], window: PostingWindow, now: number): number {
  const inWindow = calls.filter((at) => at > now - window.windowMs);
  return inWindow.length < window.posts
    ? 0
    : inWindow[inWindow.length - window.posts] + window.windowMs - now;
}

/** The embedded mode's throttle: one process publishes, so its memory is the truth. */
export class MemoryPublishThrottle extends PublishThrottle {
  /** Slot expiry times by account key and by platform. */
  private readonly inFlight = new Map<string, Map<number, number>>();
  /** Times of granted calls by account key and by platform (the posting windows). */
  private readonly calls = new Map<string, number[]>();
  private nextSlot = 0;

  acquire(target: ThrottleTarget): Promise<ThrottleDecision> {
    const now = this.now();
    const accountKey = `${target.platform}:${target.accountId}`;
    const windows = this.windowsOf(target.platform);
    if (this.holding(accountKey, now).size >= this.limits.accountConcurrency) {
      return Promise.resolve(this.busy('too many calls in flight to this account'));
    }
    if (this.holding(target.platform, now).size >= this.limits.platformConcurrency) {
      return Promise.resolve(this.busy(`too many calls in flight to ${target.platform}`));
    }
    for (const [key, window, scope] of [
      [accountKey, windows.account, 'account'],
      [target.platform, windows.app, 'app'],
    ] as const) {
      const waitMs = window ? windowWaitMs(this.callsOf(key, window, now), window, now) : 0;
      if (waitMs > 0) {
        return Promise.resolve(this.windowSpent(target.platform, scope, waitMs));
      }
    }
    const slot = this.nextSlot++;
    for (const [key, window] of [
      [accountKey, windows.account],
      [target.platform, windows.app],
    ] as const) {
      this.holding(key, now).set(slot, now + this.holdMs);
      if (window) {
        this.calls.set(key, [...(this.calls.get(key) ?? []), now]);
      }
    }
    return Promise.resolve({
      granted: true,
      release: () => {
        this.inFlight.get(accountKey)?.delete(slot);
        this.inFlight.get(target.platform)?.delete(slot);
        return Promise.resolve();
      },
    });
  }

  private holding(key: string, now: number): Map<number, number> {
    const slots = this.inFlight.get(key) ?? new Map<number, number>();
    this.inFlight.set(key, slots);
    for (const [slot, expiresAt] of slots) {
      if (expiresAt <= now) {
        slots.delete(slot);
      }
    }
    return slots;
  }

  /** The key's calls within its window, older ones forgotten. */
  private callsOf(key: string, window: PostingWindow, now: number): number[] {
    const recent = (this.calls.get(key) ?? []).filter((at) => at > now - window.windowMs);
    this.calls.set(key, recent);
    return recent;
  }
}
