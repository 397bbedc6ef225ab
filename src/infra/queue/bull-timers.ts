import { randomUUID } from 'node:crypto';
import TimerManager from 'bull/lib/timer-manager';

type Timers = TimerManager & { live?: Map<string, NodeJS.Timeout> };

/**
 * Bull 4 keeps one lock-renewal timer per active job in a TimerManager, which counts them with
 * lodash's `size` (Object.keys) on every clear: with 1,000 jobs in flight each finished job
 * builds a 1,000-key array, and that was 10 % of a worker's CPU in the publishing bench. The
 * same methods, with the same behaviour (idle listeners run when the last timer goes), on a Map.
 * Bull is in maintenance mode (bug fixes only; pinned at 4.16.5); the spec pins the behaviour.
 */
export function countBullTimersInConstantTime(): void {
  const proto = TimerManager.prototype as Timers;
  proto.set = function set(this: Timers, _name: string, delay: number, fn: () => void) {
    const live = (this.live ??= new Map());
    const id = randomUUID();
    live.set(
      id,
      setTimeout(() => {
        this.clear(id);
        try {
          fn();
        } catch (error) {
          console.error(error);
        }
      }, delay),
    );
    this.idle = false;
    return id;
  };
  proto.clear = function clear(this: Timers, id: string) {
    const timer = this.live?.get(id);
    if (!timer) {
      return;
    }
    clearTimeout(timer);
    this.live!.delete(id);
    if (!this.idle && this.live!.size === 0) {
      while (this.listeners.length) {
        this.listeners.pop()!();
      }
      this.idle = true;
    }
  };
  proto.clearAll = function clearAll(this: Timers) {
    for (const id of [...(this.live?.keys() ?? [])]) {
      this.clear(id);
    }
  };
}
