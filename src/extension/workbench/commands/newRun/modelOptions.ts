import fs from 'node:fs';
import path from 'node:path';
import type { TaskType } from '../../../../core/names';
import { ModelsJson, modelDisplayName } from '../../../../core/schemas';
import { checkpointsOf } from '../../../../trainapp/experiments';
import type { ExperimentEntry } from '../../../../trainapp/experiments';
import { UserError } from '../../userError';

// The models a new run can start from: the framework's models.json entries ("Pretrained models") and the
// checkpoints of earlier experiments ("Custom models").

export type ModelOption =
  | {
      readonly source: 'pretrained';
      readonly name: string;
      readonly task: TaskType;
      /** The models.json columns worth a glance, such as `24k` parameters. */
      readonly params?: string;
      readonly description?: string;
    }
  | {
      readonly source: 'custom';
      /** Absolute. */
      readonly experimentDir: string;
      readonly experimentName: string;
      readonly checkpoint: string;
      readonly task?: TaskType;
      readonly model?: string;
      readonly best: boolean;
    };

export type CustomModelOption = Extract<ModelOption, { readonly source: 'custom' }>;

const textColumn = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

export function readModelsJson(file: string): ModelsJson {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(
      `Cannot read the framework's models ${file}: ${error instanceof Error ? error.message : String(error)}.`,
      'Reinstall Train Studio, or fix the file if it is your own framework.',
    );
  }
  const parsed = ModelsJson.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new UserError(
    `${file} is not a valid models.json.`,
    'Open it: the editor shows each problem. Validate Configs lists them all.',
  );
}

export function pretrainedModelOptions(models: ModelsJson): ModelOption[] {
  return models.flatMap((entry) => {
    const name = modelDisplayName(entry);
    if (name === undefined) return [];
    const params = textColumn(entry.Params);
    const description = textColumn(entry.Description);
    return [
      {
        source: 'pretrained' as const,
        name,
        task: entry.meta.task_type,
        ...(params === undefined ? {} : { params }),
        ...(description === undefined ? {} : { description }),
      },
    ];
  });
}

/** Every checkpoint of every readable experiment, newest experiment first, best checkpoint first. */
export function customModelOptions(experiments: readonly ExperimentEntry[]): CustomModelOption[] {
  return experiments.flatMap(({ dir, info }) => {
    if (!info) return [];
    return checkpointsOf(dir, info).map(({ name: checkpoint }) => ({
      source: 'custom' as const,
      experimentDir: path.resolve(dir),
      experimentName: info.experiment_name,
      checkpoint,
      best: checkpoint === info.best_checkpoint,
      ...(info.task_type === undefined ? {} : { task: info.task_type }),
      ...(info.model_name === undefined ? {} : { model: info.model_name }),
    }));
  });
}
