import { z } from 'zod';
import { TRAINING_BACKEND_VALUES } from './events';

// `train-studio doctor --json`: what this machine offers for training on the GPU, and the exact fix when
// it does not. The editor's "Check GPU Environment" parses it with this schema.

export const GpuEnvironmentReport = z.object({
  node: z.object({
    version: z.string(),
    platform: z.string(),
    arch: z.string(),
    cpus: z.int().min(0),
  }),
  /** Each tfjs backend of the chain, in order, and whether it loads here. */
  backends: z.array(
    z.object({ name: z.enum(TRAINING_BACKEND_VALUES), loads: z.boolean(), detail: z.string() }),
  ),
  nvidiaSmi: z.object({
    found: z.boolean(),
    driverVersion: z.string().optional(),
    /** The newest CUDA the driver supports, as nvidia-smi reports it. */
    cudaVersion: z.string().optional(),
    gpus: z.array(z.object({ name: z.string(), memoryMiB: z.number().optional() })),
    detail: z.string(),
  }),
  /** What the installed (or installable) tfjs-node-gpu was built against. */
  required: z.object({ tensorflow: z.string(), cuda: z.string(), cudnn: z.string() }),
  /** The CUDA and cuDNN libraries TensorFlow loads, and where they were found. */
  libraries: z.array(
    z.object({
      name: z.string(),
      required: z.string(),
      found: z.array(z.string()),
      ok: z.boolean(),
    }),
  ),
  /** gpu-ready: training uses the GPU; gpu-unavailable: a GPU is there but cannot be used; no-gpu. */
  verdict: z.enum(['gpu-ready', 'gpu-unavailable', 'no-gpu']),
  /** The steps that make the GPU usable, in order, as commands where there is one. */
  fixes: z.array(z.string()),
});
export type GpuEnvironmentReport = z.infer<typeof GpuEnvironmentReport>;
