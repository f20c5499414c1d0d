import { z } from 'zod';

// The built-in tfjs framework's hyperparameters.yaml. Every field here is one the trainer honours;
// a field it could not honour would be a promise the schema makes and the run breaks.

const probability = (description: string, fallback: number) =>
  z.number().min(0).max(1).default(fallback).describe(description);

const Optimizer = z
  .strictObject({
    type: z
      .enum(['AdamW', 'SGD'])
      .default('AdamW')
      .describe('AdamW (decoupled weight decay) or SGD with momentum.'),
    lr: z
      .number()
      .gt(0)
      .max(10)
      .default(0.001)
      .describe('Peak learning rate, reached after warmup and then shaped by lr_scheduler.'),
    betas: z
      .tuple([z.number().min(0).lt(1), z.number().min(0).lt(1)])
      .default([0.9, 0.999])
      .describe('AdamW only: decay rates of the first and second moment estimates, each in [0, 1).'),
    momentum: z
      .number()
      .min(0)
      .lt(1)
      .default(0.9)
      .describe('SGD only: momentum factor in [0, 1).'),
    weight_decay: z
      .number()
      .min(0)
      .max(1)
      .default(0.0001)
      .describe('Weight decay; decoupled from the gradient for AdamW, added to it for SGD.'),
  })
  .prefault({})
  .describe('The optimizer and its parameters.');

const LrScheduler = z
  .strictObject({
    type: z
      .enum(['cosine', 'step', 'multistep'])
      .default('cosine')
      .describe(
        'cosine: anneal from lr to min_lr over the epochs; step: multiply by gamma every step_size epochs; multistep: multiply by gamma at each milestone.',
      ),
    step_size: z.int().min(1).max(10000).default(10).describe('step only: epochs between two decays.'),
    milestones: z
      .array(z.int().min(1).max(10000))
      .default([])
      .describe('multistep only: the epochs, in increasing order, at which lr is multiplied by gamma.'),
    gamma: z
      .number()
      .gt(0)
      .max(1)
      .default(0.1)
      .describe('step and multistep: the factor applied to lr at each decay.'),
    min_lr: z.number().min(0).max(10).default(0).describe('cosine only: the learning rate at the last epoch.'),
  })
  .prefault({})
  .describe('How the learning rate changes over the epochs after warmup.');

const Warmup = z
  .strictObject({
    steps: z
      .int()
      .min(0)
      .max(100000)
      .default(0)
      .describe('Optimizer steps over which lr rises linearly to its peak; 0 turns warmup off.'),
    start_factor: z
      .number()
      .gt(0)
      .max(1)
      .default(0.1)
      .describe('The fraction of lr used at the first warmup step.'),
  })
  .prefault({})
  .describe('Linear learning-rate warmup at the start of training.');

const Ema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe('Keep an exponential moving average of the weights and evaluate and save it.'),
    decay: z
      .number()
      .min(0.9)
      .lt(1)
      .default(0.9998)
      .describe('Weight given to the running average at each step, in [0.9, 1).'),
  })
  .prefault({})
  .describe('Exponential moving average of the model weights.');

const ColorJitter = z
  .strictObject({
    brightness: probability('Maximum relative change of brightness, in [0, 1].', 0.2),
    contrast: probability('Maximum relative change of contrast, in [0, 1].', 0.2),
    saturation: probability('Maximum relative change of saturation, in [0, 1].', 0.2),
    hue: z.number().min(0).max(0.5).default(0).describe('Maximum hue shift, as a fraction of a full turn, in [0, 0.5].'),
  })
  .prefault({})
  .describe('Random colour changes applied to training images only.');

const Augmentation = z
  .strictObject({
    hflip: probability('Probability of flipping a training image left to right.', 0.5),
    vflip: probability('Probability of flipping a training image top to bottom.', 0),
    scale: z
      .tuple([z.number().gt(0).max(1), z.number().gt(0).max(1)])
      .default([0.5, 1])
      .describe(
        'Random crop: the [min, max] fraction of the image area kept before resizing to input_size; [1, 1] turns cropping off.',
      ),
    color_jitter: ColorJitter,
  })
  .prefault({})
  .describe('Augmentation of training images; validation images are never augmented.');

export const BuiltinHyperparameters = z
  .strictObject({
    epochs: z.int().min(1).max(10000).default(20).describe('Number of passes over the training split.'),
    batch_size: z.int().min(1).max(1024).default(16).describe('Images per optimizer step.'),
    input_size: z
      .int()
      .min(32)
      .max(1024)
      .multipleOf(32)
      .default(128)
      .describe('Side in pixels of the square model input; images are resized or letterboxed to it. A multiple of 32.'),
    optimizer: Optimizer,
    lr_scheduler: LrScheduler,
    warmup: Warmup,
    ema: Ema,
    clip_grad_norm: z
      .number()
      .min(0)
      .max(1000)
      .default(0)
      .describe('Clip the global gradient norm to this value; 0 turns clipping off.'),
    augmentation: Augmentation,
    checkpoint_freq: z
      .int()
      .min(0)
      .max(10000)
      .default(5)
      .describe('Save a periodic checkpoint every this many epochs, besides best and last; 0 saves only those two.'),
    patience: z
      .int()
      .min(0)
      .max(10000)
      .default(0)
      .describe('Stop early after this many epochs without a better validation metric; 0 turns early stopping off.'),
    seed: z
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(42)
      .describe('Seed for weight initialisation, shuffling and augmentation, so that a run can be repeated.'),
  })
  .superRefine((value, context) => {
    const { milestones } = value.lr_scheduler;
    milestones.forEach((milestone, index) => {
      const previous = milestones[index - 1];
      if (previous !== undefined && milestone <= previous) {
        context.addIssue({
          code: 'custom',
          path: ['lr_scheduler', 'milestones', index],
          message: `Milestones must increase: ${String(milestone)} comes after ${String(previous)}.`,
        });
      }
      if (milestone >= value.epochs) {
        context.addIssue({
          code: 'custom',
          path: ['lr_scheduler', 'milestones', index],
          message: `Milestone ${String(milestone)} is not before the last epoch (epochs is ${String(value.epochs)}), so it never applies.`,
        });
      }
    });
    const [minScale, maxScale] = value.augmentation.scale;
    if (minScale > maxScale) {
      context.addIssue({
        code: 'custom',
        path: ['augmentation', 'scale'],
        message: `The scale range is reversed: ${String(minScale)} is above ${String(maxScale)}. Write it as [min, max].`,
      });
    }
  })
  .describe("Hyperparameters of Train Studio's built-in tfjs framework.");
export type BuiltinHyperparameters = z.infer<typeof BuiltinHyperparameters>;
