import type { BuiltinHyperparameters } from '../../core/schemas/hyperparameters';

// The learning rate as a pure function of the optimizer step, so a resumed run needs only the step count
// to be at the same point of the schedule.
//
// - Warmup multiplies the scheduled rate by a factor rising linearly from `start_factor` at the first step
//   to 1 after `warmup.steps` steps (PyTorch's LinearLR).
// - cosine anneals from lr to min_lr along every optimizer step, reaching min_lr at the very last step.
// - step and multistep are stepped per epoch, as PyTorch's StepLR and MultiStepLR are when called once per
//   epoch: with 0-based epoch e, lr · gamma^floor(e / step_size), or lr · gamma^(milestones ≤ e).

type ScheduleSettings = Pick<BuiltinHyperparameters, 'epochs' | 'optimizer' | 'lr_scheduler' | 'warmup'>;

/** The learning rate of optimizer step `step` (1-based). */
export type LearningRateSchedule = (step: number) => number;

export function createSchedule(settings: ScheduleSettings, stepsPerEpoch: number): LearningRateSchedule {
  const { lr } = settings.optimizer;
  const { type, step_size, milestones, gamma, min_lr } = settings.lr_scheduler;
  const { steps: warmupSteps, start_factor } = settings.warmup;
  const totalSteps = settings.epochs * stepsPerEpoch;

  const scheduled = (index: number): number => {
    const epoch = Math.floor(index / stepsPerEpoch);
    switch (type) {
      case 'cosine': {
        const progress = totalSteps > 1 ? Math.min(index / (totalSteps - 1), 1) : 0;
        return min_lr + (lr - min_lr) * 0.5 * (1 + Math.cos(Math.PI * progress));
      }
      case 'step':
        return lr * gamma ** Math.floor(epoch / step_size);
      case 'multistep':
        return lr * gamma ** milestones.filter((milestone) => milestone <= epoch).length;
    }
  };
  const warmupFactor = (index: number): number =>
    index >= warmupSteps ? 1 : start_factor + ((1 - start_factor) * index) / warmupSteps;

  return (step) => {
    const index = step - 1;
    return scheduled(index) * warmupFactor(index);
  };
}
