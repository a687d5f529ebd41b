// A long job's progress, asked for while it runs (the Backups and Plugins panels): the
// job is one bridge call; another call reports how far it got.

/** Wait for `job`; meanwhile, every `everyMs`, ask `progress` and hand each answer to
 *  `show` (never after the job has settled). A progress call that fails is skipped: the
 *  job's own reply says how it ended. */
export async function withProgress<T, P>(job: () => Promise<T>, progress: () => Promise<P>, show: (answer: P) => void, everyMs: number): Promise<T> {
  let polling = true;
  const poll = async (): Promise<void> => {
    while (polling) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      if (!polling) break;
      try {
        const answer = await progress();
        if (polling) show(answer);
      } catch {
        // skipped, see above
      }
    }
  };
  void poll();
  try {
    return await job();
  } finally {
    polling = false;
  }
}
