import { z } from 'zod';

// framework.json: how Train Studio starts a framework other than the built-in one. It sits in the
// framework's folder beside its models.json, hyperparameters.yaml and app_options.yaml.

/** The dataset form a framework wants its data in; `none` hands it the index of the user's own files. */
export const TARGET_FORMATS = { coco: 'coco', yolo: 'yolo', none: 'none' } as const;
export type TargetFormat = (typeof TARGET_FORMATS)[keyof typeof TARGET_FORMATS];

const ModuleStart = z
  .strictObject({
    module: z
      .string()
      .min(1)
      .describe('A JavaScript or TypeScript file, relative to this file, that exports `start(ctx)`.'),
  })
  .describe('Train in the trainer process by calling the module’s `start(ctx)`.');

const CommandStart = z
  .strictObject({
    command: z
      .array(z.string().min(1))
      .min(1)
      .describe(
        'The program and its arguments, run in this folder. It reads its context from the file named by TRAIN_STUDIO_CONTEXT and prints trainer events, one JSON object per line, ending with a `result` event.',
      ),
  })
  .describe('Train in a separate program, in any language, that speaks the event protocol.');

export const FrameworkManifest = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/u, {
        message: 'A framework name is 1 to 64 letters, digits, dots, dashes or underscores.',
      })
      .describe('The framework’s name; experiment folders end with it.'),
    target_format: z
      .enum([TARGET_FORMATS.coco, TARGET_FORMATS.yolo, TARGET_FORMATS.none])
      .default(TARGET_FORMATS.none)
      .describe(
        'The dataset format the framework trains from: `coco` or `yolo` (converted into the run’s work folder), or `none` (the split and class list only).',
      ),
    start: z.union([ModuleStart, CommandStart]).describe('How the framework trains.'),
  })
  .describe('How Train Studio starts a training framework.');
export type FrameworkManifest = z.infer<typeof FrameworkManifest>;

/** The manifest's file name inside a framework folder. */
export const FRAMEWORK_MANIFEST_FILE = 'framework.json';
