// Coalescing and debouncing for calls to Python.

/**
 * Runs `task` for the latest request only: while one run is in flight, further requests
 * collapse into a single follow-up run with the newest state (latest wins).
 */
export class LatestOnly {
  private running = false;
  private again = false;

  constructor(private readonly task: () => Promise<unknown>) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.task()
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  }

  get busy(): boolean {
    return this.running;
  }
}

/** Calls `task` once `ms` have passed without another `request()`. */
export class Debounced {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly task: () => void,
    private readonly ms: number,
  ) {}

  request(): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.task();
    }, this.ms);
  }

  flush(): void {
    if (this.timer !== null) {
      this.cancel();
      this.task();
    }
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  get pending(): boolean {
    return this.timer !== null;
  }
}
