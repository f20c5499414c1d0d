import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTrainerEvent } from '../../../../src/core/events';
import type { TrainerEventBody } from '../../../../src/core/events';
import {
  ProgressLoggerError,
  createProgressLogger,
} from '../../../../src/trainapp/frameworks/progressLogger';

/** A logger on a clock the test moves by hand, with every event it emitted. */
function loggerWithClock(trainSize = 8) {
  const events: TrainerEventBody[] = [];
  let now = 1_000_000;
  const logger = createProgressLogger((event) => events.push(event), {
    backend: 'my-framework',
    trainSize,
    valSize: 2,
    clock: () => now,
  });
  return {
    logger,
    events,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Each event as the run writes it must pass the protocol's own schema. */
function assertValidEvents(events: readonly TrainerEventBody[]) {
  for (const event of events) {
    const parsed = parseTrainerEvent(
      JSON.stringify({ ...event, time: new Date(0).toISOString(), runId: 'r' }),
    );
    assert.ok(parsed.ok, `${event.type}: ${parsed.ok ? '' : parsed.error}`);
  }
}

const stepsOf = (events: readonly TrainerEventBody[]) =>
  events.flatMap((event) => (event.type === 'step_finished' ? [event] : []));

describe('createProgressLogger', () => {
  it('turns a whole training into events, counting global steps and estimating time left', () => {
    const { logger, events, advance } = loggerWithClock();
    logger.trainStarted(2, { stepsPerEpoch: 4 });
    for (let epoch = 1; epoch <= 2; epoch += 1) {
      logger.epochStarted(epoch);
      for (let step = 1; step <= 4; step += 1) {
        advance(500);
        logger.stepFinished({ epoch, step, loss: 1 / step, lr: 0.01 });
      }
      logger.epochFinished(epoch, { train_loss: 0.25, val_mAP: 0.5 });
    }
    logger.log('saved', 'warning');
    logger.trainFinished();

    assertValidEvents(events);
    assert.deepEqual(events[0], {
      type: 'train_started',
      totalEpochs: 2,
      stepsPerEpoch: 4,
      startEpoch: 1,
      backend: 'my-framework',
      skippedBackends: [],
      trainSize: 8,
      valSize: 2,
    });
    const steps = stepsOf(events);
    assert.deepEqual(
      steps.map((step) => [step.globalStep, step.totalSteps]),
      [1, 2, 3, 4, 5, 6, 7, 8].map((global) => [global, 8]),
    );
    // Half a second a step, 8 images in 4 steps: 4 images a second; the first step leaves 7 steps.
    const first = steps[0];
    assert.deepEqual([first?.etaSeconds, first?.imagesPerSecond, first?.lr], [3.5, 4, 0.01]);
    assert.equal(steps.at(-1)?.etaSeconds, 0);
    const epochEnds = events.flatMap((event) => (event.type === 'epoch_finished' ? [event] : []));
    assert.deepEqual(
      epochEnds.map((event) => [event.epoch, event.etaSeconds]),
      [
        [1, 2],
        [2, 0],
      ],
    );
    assert.deepEqual(epochEnds[0]?.metrics, { train_loss: 0.25, val_mAP: 0.5 });
    // trainFinished adds nothing: the lifecycle's train_finished is the one record of the end.
    assert.deepEqual(events.at(-1), { type: 'log', level: 'warning', message: 'saved' });
  });

  it('estimates steps per epoch from the train size until an epoch has been counted', () => {
    const { logger, events, advance } = loggerWithClock(10);
    logger.trainStarted(3);
    logger.epochStarted(1);
    for (let step = 1; step <= 2; step += 1) {
      advance(100);
      logger.stepFinished({ epoch: 1, step, loss: 0.5 });
    }
    logger.epochFinished(1, { train_loss: 0.5 });
    logger.epochStarted(2);
    advance(100);
    logger.stepFinished({ epoch: 2, step: 1, loss: 0.4 });

    assertValidEvents(events);
    assert.equal(events[0]?.type === 'train_started' && events[0].stepsPerEpoch, 10);
    const steps = stepsOf(events);
    assert.deepEqual(
      steps.map((step) => [step.totalSteps, step.imagesPerSecond, step.lr]),
      [
        [30, 0, 0],
        [30, 0, 0],
        // Epoch 1 had 2 steps: 3 epochs of 2, and 10 images in 2 steps at 10 steps a second.
        [6, 50, 0],
      ],
    );
    assert.ok(Math.abs((steps[2]?.etaSeconds ?? 0) - 0.3) < 1e-9);
  });

  it('never reports fewer total steps than were taken, nor a negative time left', () => {
    const { logger, events, advance } = loggerWithClock(2);
    logger.trainStarted(1, { stepsPerEpoch: 2 });
    logger.epochStarted(1);
    for (let step = 1; step <= 3; step += 1) {
      advance(10);
      logger.stepFinished({ epoch: 1, step, loss: 1 });
    }
    logger.epochFinished(2, { train_loss: 1 });
    const last = stepsOf(events).at(-1);
    assert.deepEqual([last?.totalSteps, last?.etaSeconds], [3, 0]);
    const end = events.at(-1);
    assert.equal(end?.type === 'epoch_finished' ? end.etaSeconds : undefined, 0);
    assertValidEvents(events);
  });

  it('rejects non-finite numbers, naming the call and the argument', () => {
    const { logger, events } = loggerWithClock();
    logger.trainStarted(2);
    logger.epochStarted(1);
    const cases: [() => void, string][] = [
      [
        () => {
          logger.stepFinished({ epoch: 1, step: 1, loss: Number.NaN });
        },
        'logger.stepFinished(): loss must be a finite number, got NaN.',
      ],
      [
        () => {
          logger.stepFinished({ epoch: 1, step: 1, loss: 1, lr: Infinity });
        },
        'logger.stepFinished(): lr must be a finite number, got Infinity.',
      ],
      [
        () => {
          logger.stepFinished({ epoch: 0, step: 1, loss: 1 });
        },
        'logger.stepFinished(): epoch must be a whole number from 1, got 0.',
      ],
      [
        () => {
          logger.epochFinished(1, { train_loss: 1, val_loss: Number.NaN });
        },
        'logger.epochFinished(): metrics.val_loss must be a finite number, got NaN.',
      ],
      [
        () => {
          logger.epochFinished(1, null as unknown as Record<string, number>);
        },
        'logger.epochFinished(): metrics must be an object of numbers by name, got null.',
      ],
      [
        () => {
          logger.epochStarted(1.5);
        },
        'logger.epochStarted(): epoch must be a whole number from 1, got 1.5.',
      ],
      [
        () => {
          logger.stepFinished({ epoch: 1, step: 1, loss: '0.5' as unknown as number });
        },
        'logger.stepFinished(): loss must be a finite number, got "0.5".',
      ],
      [
        () => {
          logger.log('x', 'debug' as 'info');
        },
        "logger.log(): level must be 'info', 'warning' or 'error', got \"debug\".",
      ],
      [
        () => {
          logger.log({} as string);
        },
        'logger.log(): message must be a string, got [object Object].',
      ],
    ];
    for (const [call, message] of cases) {
      assert.throws(
        call,
        (error) => error instanceof ProgressLoggerError && error.message === message,
        message,
      );
    }
    assert.deepEqual(
      events.map((event) => event.type),
      ['train_started', 'epoch_started'],
      'a rejected call emits nothing',
    );
  });

  it('rejects totalEpochs and stepsPerEpoch that are not whole numbers from 1', () => {
    assert.throws(
      () => {
        loggerWithClock().logger.trainStarted(0);
      },
      {
        message: 'logger.trainStarted(): totalEpochs must be a whole number from 1, got 0.',
      },
    );
    assert.throws(
      () => {
        loggerWithClock().logger.trainStarted(2, { stepsPerEpoch: Number.NaN });
      },
      {
        message: 'logger.trainStarted(): details.stepsPerEpoch must be a whole number from 1, got NaN.',
      },
    );
  });

  it('rejects calls out of order, and says what to call first', () => {
    const { logger, events } = loggerWithClock();
    assert.throws(
      () => {
        logger.stepFinished({ epoch: 1, step: 1, loss: 1 });
      },
      {
        name: 'ProgressLoggerError',
        message:
          'logger.stepFinished() was called before logger.trainStarted(): call trainStarted(totalEpochs) first.',
      },
    );
    assert.throws(() => {
      logger.epochStarted(1);
    }, /epochStarted\(\) was called before logger\.trainStarted\(\)/);
    assert.throws(() => {
      logger.epochFinished(1, {});
    }, /epochFinished\(\) was called before/);
    assert.throws(() => {
      logger.trainFinished();
    }, /trainFinished\(\) was called before/);
    logger.log('logging is fine at any time');
    logger.trainStarted(1);
    assert.throws(
      () => {
        logger.trainStarted(1);
      },
      {
        message: 'logger.trainStarted() was called a second time: call it once, first.',
      },
    );
    logger.trainFinished();
    assert.throws(
      () => {
        logger.stepFinished({ epoch: 1, step: 1, loss: 1 });
      },
      {
        message: 'logger.stepFinished() was called after logger.trainFinished().',
      },
    );
    assert.throws(() => {
      logger.trainStarted(1);
    }, /second time/);
    assert.deepEqual(
      events.map((event) => event.type),
      ['log', 'train_started'],
    );
  });
});
