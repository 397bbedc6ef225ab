declare module 'bull/lib/timer-manager' {
  /** Bull 4's keeper of its lock-renewal timers (not in Bull's typings). */
  class TimerManager {
    idle: boolean;
    listeners: (() => void)[];
    set(name: string, delay: number, fn: () => void): string;
    clear(id: string): void;
    clearAll(): void;
    whenIdle(): Promise<void>;
  }
  export = TimerManager;
}
