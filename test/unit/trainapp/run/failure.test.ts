import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExportError } from '../../../../src/engine/export';
import { failureOf } from '../../../../src/trainapp/run/failure';

// An export the engine cannot make is the user's problem to act on, in the engine's own words: never an
// "Internal error".

describe('failureOf an ExportError', () => {
  it('keeps its message, hint and file, and its cause’s stack for the log', () => {
    const cause = new Error('protobuf parsing failed');
    const problem = {
      message: 'ONNX Runtime cannot load the ONNX model /x/export/best.onnx: protobuf parsing failed',
      hint: "Export the model again with Train Studio's exporter; a file changed since is not usable.",
      file: '/x/export/best.onnx',
    };
    const failure = failureOf(new ExportError(problem, { cause }));
    assert.deepEqual(failure.problem, problem);
    assert.equal(failure.stack, cause.stack);
  });

  it('names no file when the engine named none', () => {
    const { problem, stack } = failureOf(
      new ExportError({
        message: "Layer 'head' of kind 'Upsample3D' cannot be written as ONNX.",
        hint: 'Export a checkpoint of a built-in architecture.',
      }),
    );
    assert.deepEqual(problem, {
      message: "Layer 'head' of kind 'Upsample3D' cannot be written as ONNX.",
      hint: 'Export a checkpoint of a built-in architecture.',
    });
    assert.doesNotMatch(problem.message, /Internal error/);
    assert.equal(stack, undefined);
  });
});
