// Work that may wait for the user: the later steps of a big side (canvas/progressive.ts),
// the preview and checks after a note type switch has shown its canvas.
//
// A step run with `setTimeout(0)` right after the first part is built takes the main
// thread before the page paints that part and before the input or bridge reply already
// waiting is handled: a switch looked ~50 ms slower than its render (bench_canvas.py).
// A step here waits for a painted frame when asked, and runs at the background priority
// of the Prioritized Task Scheduling API, so input and bridge messages go first; where
// the API is missing (older engines), a plain timer.

interface TaskScheduler {
  postTask(task: () => void, options: { priority: "background"; signal: AbortSignal }): Promise<unknown>;
}

/** How long a hidden page (no frames) delays a step that waits for a frame. */
const NO_FRAME_AFTER_MS = 100;

function background(task: () => void): () => void {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  if (!scheduler?.postTask) {
    const timer = setTimeout(task, 0);
    return () => clearTimeout(timer);
  }
  const abort = new AbortController();
  scheduler.postTask(task, { priority: "background", signal: abort.signal }).catch(() => undefined);
  return () => abort.abort();
}

/** Run `task` in a later background task, after the next painted frame when
 *  `afterPaint`; the returned function cancels it (safe to call when it ran). */
export function runLater(task: () => void, afterPaint: boolean): () => void {
  if (!afterPaint) return background(task);
  let cancelStep: (() => void) | null = null;
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    cancelStep = background(task);
  };
  const frame = requestAnimationFrame(start);
  const fallback = setTimeout(start, NO_FRAME_AFTER_MS);
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    started = true;
    cancelStep?.();
  };
}
