import { z } from 'zod';

// What a framework's `start(ctx)` returns, or an external trainer sends in its `result` event (FORMATS §7).
// Paths are relative to the experiment folder, or absolute; finalise copies outside files into it.

const filePath = (description: string) => z.string().min(1).describe(description);

export const ExperimentResult = z
  .looseObject({
    model_name: z.string().min(1).describe('The model that was trained.'),
    checkpoints: z
      .union([z.array(filePath('A checkpoint file.')).min(1), filePath('A folder holding the checkpoint files.')])
      .describe('The checkpoint files, or the folder that holds them.'),
    best_checkpoint: z.string().min(1).describe('The file name of the best checkpoint; one of the checkpoints.'),
    model_files: z
      .record(z.string(), filePath('A file the model needs.'))
      .describe('Files the model needs besides its weights, such as its config, by role.'),
    evaluation_metrics: z
      .record(z.string(), z.number())
      .optional()
      .describe('Metrics the framework computed itself, used when Train Studio cannot evaluate its model.'),
  })
  .describe('What a training function returns.');
export type ExperimentResult = z.infer<typeof ExperimentResult>;
