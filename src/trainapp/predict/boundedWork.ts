// Work that runs beside the caller's loop, a few tasks at a time: drawing predictions is sharp's work, on
// libuv's threads, so the next images can be predicted while the last ones are drawn.

export class BoundedWork {
  private readonly running = new Set<Promise<void>>();
  private failed: { readonly error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  /** Starts `task`; waits while `limit` tasks are running. Throws the first failure of any task. */
  async add(task: () => Promise<void>): Promise<void> {
    this.throwFailure();
    const running: Promise<void> = task()
      .catch((error: unknown) => {
        this.failed ??= { error };
      })
      .finally(() => this.running.delete(running));
    this.running.add(running);
    if (this.running.size >= this.limit) await Promise.race(this.running);
    this.throwFailure();
  }

  /** Waits for every task; throws the first failure. */
  async finish(): Promise<void> {
    await this.settle();
    this.throwFailure();
  }

  /** Waits for every task, failed or not: nothing is left running behind a failure. */
  async settle(): Promise<void> {
    await Promise.all(this.running);
  }

  private throwFailure(): void {
    if (this.failed) throw this.failed.error;
  }
}
