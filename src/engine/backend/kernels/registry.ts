import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilter } from './conv2dBackpropFilter';
import { conv2dBackpropInput } from './conv2dBackpropInput';
import { depthwiseConv2dBackpropFilter } from './depthwiseConv2dBackpropFilter';
import { depthwiseConv2dBackpropInput } from './depthwiseConv2dBackpropInput';
import { findKernel, kernelHost, type KernelBackendName, type KernelHost } from './host';
import { tile } from './tile';
import { unsortedSegmentSum } from './unsortedSegmentSum';

/** A kernel of ours; undefined means "not a case this kernel handles", left to the backend's stock kernel. */
type OurKernel = (
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
) => tf.TensorInfo | undefined;

/**
 * What we register where. wasm lacks the weight gradients of convolutions and segment sums (so it cannot
 * train a conv net at all), and its input gradient and tiling are slow; the stock cpu convolution gradients
 * read tensors element by element (one weight gradient took 28.9 s of a 35 s step).
 */
const OUR_KERNELS: Record<KernelBackendName, Readonly<Record<string, OurKernel>>> = {
  wasm: {
    [tf.Conv2DBackpropFilter]: conv2dBackpropFilter,
    [tf.Conv2DBackpropInput]: conv2dBackpropInput,
    [tf.DepthwiseConv2dNativeBackpropFilter]: depthwiseConv2dBackpropFilter,
    [tf.DepthwiseConv2dNativeBackpropInput]: depthwiseConv2dBackpropInput,
    [tf.Tile]: tile,
    [tf.UnsortedSegmentSum]: unsortedSegmentSum,
  },
  cpu: {
    [tf.Conv2DBackpropFilter]: conv2dBackpropFilter,
    [tf.Conv2DBackpropInput]: conv2dBackpropInput,
  },
};

interface Replacement {
  readonly ours: tf.KernelConfig;
  /** The backend's own kernel, if it had one. */
  readonly stock: tf.KernelConfig | undefined;
}

const replacements = new Map<KernelBackendName, readonly Replacement[]>();

function install(config: tf.KernelConfig): void {
  if (findKernel(config.kernelName, config.backendName))
    tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

function replacement(backendName: KernelBackendName, kernelName: string, ours: OurKernel): Replacement {
  const stock = findKernel(kernelName, backendName);
  const kernelFunc: tf.KernelFunc = (args) => {
    const output = ours(kernelHost(backendName, args.backend), args.inputs, args.attrs ?? {});
    if (output) return output;
    if (!stock)
      throw new Error(`${kernelName} on ${backendName}: this case (channels-first data) is not supported`);
    return stock.kernelFunc(args);
  };
  // The stock kernel's setup binds its WebAssembly functions when the backend initialises; our fallback needs it.
  return { ours: { ...stock, kernelName, backendName, kernelFunc }, stock };
}

/** Registers our gradient kernels on a backend; idempotent. */
export function registerGradientKernels(backendName: KernelBackendName): void {
  if (replacements.has(backendName)) return;
  const installed = Object.entries(OUR_KERNELS[backendName]).map(([kernelName, ours]) =>
    replacement(backendName, kernelName, ours),
  );
  for (const { ours } of installed) install(ours);
  replacements.set(backendName, installed);
}

/**
 * Runs `work` with the backend's stock kernels back in place: the self-check and the tests compare our
 * kernels with them. Synchronous, so no other work can run on the stock kernels meanwhile.
 */
export function withStockKernels<T>(backendName: KernelBackendName, work: () => T): T {
  const installed = replacements.get(backendName) ?? [];
  for (const { ours, stock } of installed) {
    tf.unregisterKernel(ours.kernelName, backendName);
    if (stock) tf.registerKernel(stock);
  }
  try {
    return work();
  } finally {
    for (const { ours } of installed) install(ours);
  }
}
