import { z } from 'zod';
import {
  BUILTIN_FRAMEWORK,
  MODEL_SOURCES,
  SPLIT_METHODS,
  UNTAGGED_ACTIONS,
  UNTAGGED_ACTION_VALUES,
} from '../names';

// app_state.json: everything the panel would ask, so that a run can be repeated or debugged without
// clicking. Paths in it are relative to the folder of the app_state file.

const names = (description: string) => z.array(z.string().min(1)).min(1).describe(description);

const RandomSplit = z
  .strictObject({
    method: z.literal(SPLIT_METHODS.random),
    split: z
      .enum(['train', 'val'])
      .default('train')
      .describe('The split that `percent` sizes; the other gets the rest.'),
    percent: z
      .number()
      .gt(0)
      .lt(100)
      .default(80)
      .describe('Share of the items, in percent, that go to `split`.'),
    seed: z
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(42)
      .describe('Seed of the shuffle, recorded so that the same split comes back.'),
    stratify: z
      .boolean()
      .default(false)
      .describe('Keep each class’s share of images the same in train and val.'),
  })
  .describe('A seeded random split.');

const TagsSplit = z
  .strictObject({
    method: z.literal(SPLIT_METHODS.tags),
    train_tag: z.string().min(1).describe('Images with this tag go to train.'),
    val_tag: z.string().min(1).describe('Images with this tag go to val.'),
    untagged_action: z
      .enum(UNTAGGED_ACTION_VALUES)
      .default(UNTAGGED_ACTIONS.ignore)
      .describe('Where images with neither tag go: train, val, or nowhere (ignore).'),
  })
  .describe('A split by image tags.');

const DatasetsSplit = z
  .strictObject({
    method: z.literal(SPLIT_METHODS.datasets),
    train_datasets: names('Datasets whose images go to train; a nested dataset is written `parent/child`.'),
    val_datasets: names('Datasets whose images go to val; a nested dataset is written `parent/child`.'),
  })
  .describe('A split by dataset.');

const CollectionsSplit = z
  .strictObject({
    method: z.literal(SPLIT_METHODS.collections),
    train_collections: names('Files listing the train items, one `dataset/item` reference per line.'),
    val_collections: names('Files listing the val items, one `dataset/item` reference per line.'),
  })
  .describe('A split by lists of items.');

export const TrainValSplitSettings = z
  .discriminatedUnion('method', [RandomSplit, TagsSplit, DatasetsSplit, CollectionsSplit])
  .describe('How the project’s items are divided into train and val.');
export type TrainValSplitSettings = z.infer<typeof TrainValSplitSettings>;

const PretrainedModel = z
  .strictObject({
    source: z.literal(MODEL_SOURCES.pretrained),
    model_name: z.string().min(1).describe('The name of an entry in the framework’s models.json.'),
  })
  .describe('A model from the framework’s models.json.');

const CustomModel = z
  .strictObject({
    source: z.literal(MODEL_SOURCES.custom),
    experiment: z.string().min(1).describe('The folder of the earlier experiment.'),
    checkpoint: z.string().min(1).describe('The checkpoint file name inside its checkpoints/ folder, such as best.json.'),
  })
  .describe('A checkpoint of an earlier experiment.');

export const ModelSelection = z
  .discriminatedUnion('source', [PretrainedModel, CustomModel])
  .describe('The model to train.');
export type ModelSelection = z.infer<typeof ModelSelection>;

const flag = (fallback: boolean, description: string) => z.boolean().default(fallback).describe(description);

export const RunOptions = z
  .strictObject({
    model_benchmark: z
      .strictObject({
        enable: flag(true, 'Evaluate the model on the val split when training ends.'),
        speed_test: flag(false, 'Also measure inference latency and throughput.'),
      })
      .prefault({})
      .describe('Evaluation after training.'),
    cache_project: flag(true, 'Keep preprocessed images on disk and reuse them while the data is unchanged.'),
    convert_class_shapes: flag(true, 'Convert class shapes to fit the model’s task, such as polygons to boxes.'),
    export: z
      .strictObject({
        ONNXRuntime: flag(false, 'Export the best checkpoint to ONNX.'),
        TensorRT: flag(false, 'Build a TensorRT engine from the ONNX export (needs trtexec).'),
      })
      .prefault({})
      .describe('Exports made when training ends.'),
    reinitialize_head: flag(
      false,
      'When the checkpoint’s classes differ from the selected ones, start the class head afresh instead of failing.',
    ),
    device: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe('Device to train on, such as `cpu` or `gpu:0`; none picks the fastest one available.'),
  })
  .prefault({})
  .describe('What happens around training.');
export type RunOptions = z.infer<typeof RunOptions>;

/** Characters that would make an experiment name unusable as a folder name on some system. */
const EXPERIMENT_NAME_PATTERN = /^(?!\.{1,2}$)[^\\/:*?"<>|\u0000-\u001f]{1,100}$/u;

export const ExperimentName = z
  .string()
  .regex(EXPERIMENT_NAME_PATTERN, {
    message: 'An experiment name is 1 to 100 characters, without / \\ : * ? " < > | or control characters.',
  })
  .describe('Name of the experiment; also used in its folder name.');

export const AppState = z
  .strictObject({
    framework: z
      .string()
      .min(1)
      .default(BUILTIN_FRAMEWORK)
      .describe(`The framework that trains: \`${BUILTIN_FRAMEWORK}\` (built in) or the folder of another framework.`),
    input: z
      .strictObject({ project: z.string().min(1).describe('The dataset folder.') })
      .describe('The data to train on.'),
    train_val_split: TrainValSplitSettings,
    classes: z
      .array(z.string().min(1))
      .default([])
      .describe('Classes to train on; an empty list means every class of the project.'),
    model: ModelSelection,
    hyperparameters: z
      .string()
      .default('')
      .describe('The hyperparameters, as YAML text; empty means the framework’s defaults.'),
    options: RunOptions,
    experiment_name: ExperimentName.optional(),
  })
  .describe('A training run’s full configuration.');
export type AppState = z.infer<typeof AppState>;
