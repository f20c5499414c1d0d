import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from '../checkpoint';
import type { HostTensor, TensorGroup } from '../checkpoint';
import type { NamedVariable } from '../contracts';

// Moving named variables between tfjs and host arrays, for checkpoints.

/** Copies of the variables' current values. */
export async function readVariables(
  variables: readonly NamedVariable[],
  group: TensorGroup,
): Promise<HostTensor[]> {
  return Promise.all(
    variables.map(async ({ name, variable }) => {
      const values = await variable.data();
      if (!(values instanceof Float32Array || values instanceof Int32Array)) {
        throw new Error(`Variable '${name}' has dtype ${variable.dtype}, which checkpoints do not store.`);
      }
      // data() may hand out the backend's own buffer; the next step must not change what was read.
      return { name, group, shape: variable.shape, values: values.slice() };
    }),
  );
}

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((side, index) => side === b[index]);

/** Sets a variable to host values of the same shape. */
export function assignVariable(variable: tf.Variable, tensor: HostTensor): void {
  tf.tidy(() => {
    variable.assign(tf.tensor(tensor.values, [...tensor.shape], variable.dtype));
  });
}

/** Tensors by name, for matching a checkpoint's tensors to a network's variables. */
export const byName = (tensors: readonly HostTensor[]): Map<string, HostTensor> =>
  new Map(tensors.map((tensor) => [tensor.name, tensor]));

/**
 * Sets every variable from the tensor of the same name; a missing tensor or another shape is a
 * CheckpointError naming the checkpoint file.
 */
export function restoreVariables(
  file: string,
  variables: readonly NamedVariable[],
  tensors: readonly HostTensor[],
  hint: string,
): void {
  const stored = byName(tensors);
  for (const { name, variable } of variables) {
    const tensor = stored.get(name);
    if (tensor === undefined || !sameShape(tensor.shape, variable.shape)) {
      const found = tensor === undefined ? 'missing' : `of shape [${tensor.shape.join(', ')}]`;
      throw new CheckpointError({
        file,
        message: `its tensor '${name}' is ${found}, the model's is [${variable.shape.join(', ')}]`,
        hint,
      });
    }
    assignVariable(variable, tensor);
  }
}
