// The engine's tfjs backends: which one trains (selectBackend, the only place that calls tf.setBackend),
// and our gradient kernels for the backends that lack them.
export { DeviceError } from './device';
export { registerGradientKernels } from './kernels/registry';
export { registerCoreGradients } from './coreGradients';
export {
  selectBackend,
  type BackendRequest,
  type SelectedBackend,
  type SkippedBackend,
} from './selectBackend';
