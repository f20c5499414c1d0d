// Runs submitted through the API wait here, first in first out, and at most `capacity()` of them train at
// once. The capacity is read each time a run could start, so a changed setting applies to the runs still
// waiting.

export interface QueuedJob {
  /** Does the work; the job holds its slot until the promise settles, however it settles. */
  run(): Promise<void>;
}

export class RunQueue<Job extends QueuedJob> {
  private readonly waiting: Job[] = [];
  private active = 0;

  constructor(private readonly capacity: () => number) {}

  get waitingCount(): number {
    return this.waiting.length;
  }

  get runningCount(): number {
    return this.active;
  }

  add(job: Job): void {
    this.waiting.push(job);
    this.startWaiting();
  }

  /** False when the job is not waiting (it started, or was never added). */
  remove(job: Job): boolean {
    const index = this.waiting.indexOf(job);
    if (index === -1) return false;
    this.waiting.splice(index, 1);
    return true;
  }

  /** Starts waiting jobs while there are free slots; call it when the capacity may have grown. */
  startWaiting(): void {
    while (this.active < this.capacity()) {
      const job = this.waiting.shift();
      if (job === undefined) return;
      this.active += 1;
      const release = () => {
        this.active -= 1;
        this.startWaiting();
      };
      void job.run().then(release, release);
    }
  }
}
