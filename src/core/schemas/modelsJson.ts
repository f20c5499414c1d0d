import { z } from 'zod';
import { FROM_SCRATCH_CHECKPOINT, TASK_TYPE_VALUES } from '../names';

// A framework's models.json: a list of entries whose keys, apart from `meta`, are display columns.

export const ModelFiles = z
  .looseObject({
    checkpoint: z
      .string()
      .min(1)
      .describe(
        `The weights to start from: a URL (downloaded and cached), a path relative to this file, an earlier experiment’s checkpoint, or \`${FROM_SCRATCH_CHECKPOINT}\` to train from randomly initialised weights.`,
      ),
    config: z.string().min(1).optional().describe('The model’s own configuration file, if it has one.'),
  })
  .describe('Files the model needs. `checkpoint` is required; any further keys name extra files.');

export const ModelEntryMeta = z
  .looseObject({
    task_type: z.enum(TASK_TYPE_VALUES).describe('The computer-vision task the model solves.'),
    model_name: z
      .string()
      .min(1)
      .optional()
      .describe('The name app_state.model.model_name refers to; falls back to the `Model` column.'),
    arch_type: z.string().min(1).optional().describe('The architecture family, for grouping in the model table.'),
    model_files: ModelFiles,
  })
  .describe('Technical fields, not shown as a column.');

const DisplayValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const ModelEntry = z
  .object({ meta: ModelEntryMeta })
  .catchall(DisplayValue)
  .describe('One model. Every key other than `meta` is a display column, shown in this order.');
export type ModelEntry = z.infer<typeof ModelEntry>;

export const ModelsJson = z
  .array(ModelEntry)
  .min(1)
  .describe('The models a framework offers, one entry per model.');
export type ModelsJson = z.infer<typeof ModelsJson>;

/** The name a model is selected by: `model_name`, then `meta.model_name`, then `Model` (FORMATS §3). */
export function modelDisplayName(entry: ModelEntry): string | undefined {
  for (const candidate of [entry.model_name, entry.meta.model_name, entry.Model]) {
    if (typeof candidate === 'string' && candidate.length > 0) return candidate;
  }
  return undefined;
}
