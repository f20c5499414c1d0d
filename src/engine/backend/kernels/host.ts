import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The backends our kernels are written for. */
export type KernelBackendName = 'wasm' | 'cpu';

/**
 * What our kernels need from a backend, the same on cpu and wasm, so each kernel is written once. Values are
 * read and written in place: on wasm they are views of the WebAssembly heap, which an allocation may move
 * (the heap grows), so a kernel allocates first and takes its views after.
 */
export interface KernelHost {
  readonly backendName: KernelBackendName;
  /** A new tensor of this backend, filled with zeros. */
  zeros(shape: readonly number[], dtype?: 'float32' | 'int32'): tf.TensorInfo;
  /** The values of a float32 tensor, in place. */
  floats(tensor: tf.TensorInfo): Float32Array;
  /** The values of an int32 tensor, in place. */
  ints(tensor: tf.TensorInfo): Int32Array;
  dispose(tensor: tf.TensorInfo): void;
  /** Runs one of the backend's own kernels (not one of ours). */
  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo;
}

function expectDtype<T>(tensor: tf.TensorInfo, dtype: tf.DataType, values: T): T {
  if (tensor.dtype !== dtype) throw new Error(`expected a ${dtype} tensor, got ${tensor.dtype}`);
  return values;
}

/** tf.getKernel, typed as it behaves: undefined for a kernel the backend lacks. */
export function findKernel(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  return tf.getKernelsForBackend(backendName).find((kernel) => kernel.kernelName === kernelName);
}

function runner(backendName: KernelBackendName, backend: object): KernelHost['run'] {
  return (kernelName, inputs, attrs) => {
    const kernel = findKernel(kernelName, backendName);
    if (!kernel) throw new Error(`kernel ${kernelName} is not registered for backend ${backendName}`);
    const output = kernel.kernelFunc({ inputs, backend, attrs });
    if (Array.isArray(output)) throw new Error(`kernel ${kernelName} returned several tensors`);
    return output;
  };
}

function cpuHost(backend: MathBackendCPU): KernelHost {
  const values = (tensor: tf.TensorInfo) => backend.data.get(tensor.dataId).values;
  return {
    backendName: 'cpu',
    zeros: (shape, dtype = 'float32') => {
      const size = shape.reduce((product, dimension) => product * dimension, 1);
      const data = dtype === 'float32' ? new Float32Array(size) : new Int32Array(size);
      return backend.makeTensorInfo([...shape], dtype, data);
    },
    floats: (tensor) => expectDtype(tensor, 'float32', values(tensor) as Float32Array),
    ints: (tensor) => expectDtype(tensor, 'int32', values(tensor) as Int32Array),
    dispose: (tensor) => backend.disposeData(tensor.dataId),
    run: runner('cpu', backend),
  };
}

function wasmHost(backend: BackendWasm): KernelHost {
  return {
    backendName: 'wasm',
    zeros: (shape, dtype = 'float32') => {
      const tensor = backend.makeOutput([...shape], dtype);
      // The WebAssembly allocator hands out uninitialised memory.
      backend.typedArrayFromHeap(tensor).fill(0);
      return tensor;
    },
    floats: (tensor) => expectDtype(tensor, 'float32', backend.typedArrayFromHeap(tensor) as Float32Array),
    ints: (tensor) => expectDtype(tensor, 'int32', backend.typedArrayFromHeap(tensor) as Int32Array),
    dispose: (tensor) => backend.disposeData(tensor.dataId),
    run: runner('wasm', backend),
  };
}

export function kernelHost(backendName: KernelBackendName, backend: object): KernelHost {
  return backendName === 'cpu' ? cpuHost(backend as MathBackendCPU) : wasmHost(backend as BackendWasm);
}

/** The same data under another shape of the same size, for kernels that see it as a matrix. */
export function reshaped(tensor: tf.TensorInfo, shape: readonly number[]): tf.TensorInfo {
  return { dataId: tensor.dataId, shape: [...shape], dtype: tensor.dtype };
}
