import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { bindStopToProcess, StopController } from '../../../../src/engine/train/stop';
import type { SignalTarget } from '../../../../src/engine/train/stop';

const tick = () =>
  new Promise<void>((resolve) => {
    setImmediate(resolve);
  });

describe('stop requests', () => {
  it('a controller keeps the first reason, and a checkpoint request is taken once', () => {
    const controller = new StopController();
    assert.equal(controller.stopRequested, false);
    assert.equal(controller.takeCheckpointRequest(), false);
    controller.requestCheckpoint();
    assert.equal(controller.takeCheckpointRequest(), true);
    assert.equal(controller.takeCheckpointRequest(), false);
    controller.requestStop('first');
    controller.requestStop('second');
    assert.equal(controller.stopRequested, true);
    assert.equal(controller.stopReason, 'first');
  });

  it('reads stop and checkpoint_now lines from the input, and reports bad lines', async () => {
    const input = new PassThrough();
    const controller = new StopController();
    const invalid: string[] = [];
    const unbind = bindStopToProcess(controller, { input, onInvalidCommand: (error) => invalid.push(error) });
    input.write('{"type":"checkpoint_now"}\n\nnot json\n{"type":"pause"}\n');
    await tick();
    assert.equal(controller.takeCheckpointRequest(), true);
    assert.equal(controller.stopRequested, false);
    assert.equal(invalid.length, 2);
    assert.match(invalid[0] ?? '', /not a JSON trainer command/);
    input.write('{"type":"stop"}\r\n');
    await tick();
    assert.equal(controller.stopReason, 'stop command received');
    unbind();
  });

  it('turns SIGTERM and SIGINT into stop requests, and unbinds its listeners', async () => {
    const before = [process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')];
    const controller = new StopController();
    const unbind = bindStopToProcess(controller, { input: null });
    process.kill(process.pid, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(controller.stopReason, 'SIGTERM received');
    unbind();
    assert.deepEqual([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')], before);

    const interrupted = new StopController();
    const unbindAgain = bindStopToProcess(interrupted, { input: null });
    process.kill(process.pid, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(interrupted.stopReason, 'SIGINT received');
    unbindAgain();
  });

  it('a second SIGINT exits at once with code 130', () => {
    // Two real SIGINTs sent back to back reach a process as one (signals do not queue), so the second one
    // is delivered by hand here, to a stand-in for the process.
    const exits: number[] = [];
    const signals = new EventEmitter();
    const target = Object.assign(signals, {
      exit: (code?: number) => {
        exits.push(code ?? 0);
      },
    });
    const controller = new StopController();
    const unbind = bindStopToProcess(controller, { process: target as unknown as SignalTarget, input: null });
    signals.emit('SIGINT');
    assert.deepEqual(exits, []);
    assert.equal(controller.stopReason, 'SIGINT received');
    signals.emit('SIGINT');
    assert.deepEqual(exits, [130]);
    unbind();
    assert.equal(signals.listenerCount('SIGINT'), 0);
  });
});
