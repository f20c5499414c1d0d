// Filling batches item by item with up to `concurrency` items in progress, running ahead of the consumer
// by at most `prefetch` batches, and handing batches out in order. Which item finishes first never
// matters: each writes only its own place in its batch.

export interface PrefetchWork<Item, Batch> {
  /** The items of each batch, in hand-out order. */
  readonly batches: readonly (readonly Item[])[];
  readonly concurrency: number;
  /** Batches that may be in preparation beyond those handed out; at least 1. */
  readonly prefetch: number;
  /** Stops starting items; a consumer waiting for a batch then gets an error. */
  readonly signal: AbortSignal;
  /** Called when the batch's first item starts, so buffers exist only for batches in preparation. */
  allocate(items: readonly Item[]): Batch;
  fill(target: Batch, item: Item, position: number): Promise<void>;
}

interface Pending<Batch> {
  readonly target: Batch;
  remaining: number;
  failure?: { readonly error: unknown };
}

/** Reading batches from a pipeline after close(). */
export class PipelineClosedError extends Error {
  override readonly name = 'PipelineClosedError';
  constructor() {
    super('The image pipeline is closed: create another to read more batches.');
  }
}

export async function* prefetchInOrder<Item, Batch>(
  work: PrefetchWork<Item, Batch>,
): AsyncGenerator<Batch, void, undefined> {
  const { batches, signal } = work;
  const pending = new Map<number, Pending<Batch>>();
  const running = new Set<Promise<void>>();
  let nextBatch = 0;
  let nextPosition = 0;
  let handedOut = 0;
  let stopped = false;
  let wake = (): void => undefined;

  const start = (): void => {
    const limit = Math.min(batches.length, handedOut + work.prefetch);
    while (!stopped && !signal.aborted && running.size < work.concurrency && nextBatch < limit) {
      const batch = nextBatch;
      const items = batches[batch] ?? [];
      const position = nextPosition;
      let entry = pending.get(batch);
      if (entry === undefined) {
        entry = { target: work.allocate(items), remaining: items.length };
        pending.set(batch, entry);
      }
      nextPosition += 1;
      if (nextPosition >= items.length) {
        nextBatch += 1;
        nextPosition = 0;
      }
      const item = items[position];
      if (item === undefined) continue;
      const owner = entry;
      const task = work.fill(owner.target, item, position).then(
        () => undefined,
        (error: unknown) => {
          owner.failure ??= { error };
        },
      );
      running.add(task);
      void task.then(() => {
        running.delete(task);
        owner.remaining -= 1;
        start();
        wake();
      });
    }
  };
  const onAbort = (): void => {
    wake();
  };
  signal.addEventListener('abort', onAbort);

  const completed = async (batch: number): Promise<Pending<Batch>> => {
    for (;;) {
      const entry = pending.get(batch);
      if (entry?.remaining === 0) return entry;
      if (signal.aborted) throw new PipelineClosedError();
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };

  try {
    for (let batch = 0; batch < batches.length; batch++) {
      start();
      const entry = await completed(batch);
      pending.delete(batch);
      if (entry.failure !== undefined) throw entry.failure.error;
      handedOut = batch + 1;
      start();
      yield entry.target;
    }
  } finally {
    // Breaking out of the loop lands here: start nothing more, let what runs finish, drop the buffers.
    stopped = true;
    signal.removeEventListener('abort', onAbort);
    await Promise.all(running);
    pending.clear();
  }
}
