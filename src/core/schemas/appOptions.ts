import { z } from 'zod';
import { SPLIT_METHOD_VALUES, TRAIN_LOGGERS } from '../names';

// app_options.yaml: which parts of the training panel a framework shows. One spelling and one default
// per key (FORMATS §4). Unknown keys are kept and warned about, never rejected, so this object is not strict.

const flag = (fallback: boolean, description: string) => z.boolean().default(fallback).describe(description);
// Every field of a section has a default, so an absent section parses as `{}` with those defaults;
// TypeScript cannot see that through the generic shape, hence the cast.
function section<Shape extends z.ZodRawShape>(shape: Shape, description: string) {
  const object = z.object(shape);
  return object.prefault({} as z.input<typeof object>).describe(description);
}

export const AppOptions = z
  .object({
    model_selector: section(
      {
        enabled: flag(true, 'Show the model card.'),
        show_custom: flag(true, 'Offer checkpoints of earlier experiments as custom models.'),
        default_model: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe('The model selected at first, by its models.json name; none selects the first entry.'),
      },
      'The model card.',
    ),
    classes_selector: section({ enabled: flag(true, 'Show the classes card.') }, 'The classes card.'),
    tags_selector: section({ enabled: flag(false, 'Show the tags card.') }, 'The tags card.'),
    train_val_splits_selector: section(
      {
        enabled: flag(true, 'Show the train/val split card.'),
        methods: z
          .array(z.enum(SPLIT_METHOD_VALUES))
          .min(1)
          .default([...SPLIT_METHOD_VALUES])
          .describe('The split methods offered, in this order.'),
      },
      'The train/val split card.',
    ),
    device_selector: flag(false, 'Show a device selector (which GPU to train on).'),
    multi_gpu: flag(false, 'Allow training on several GPUs at once.'),
    model_benchmark: flag(true, 'Offer to evaluate the model on the validation split after training.'),
    show_logs_in_gui: flag(true, 'Show the training log in the panel.'),
    collapsable: flag(false, 'Collapse each card of the panel once it is done.'),
    export_onnx_supported: flag(false, 'The framework can export to ONNX; shows the ONNX export option.'),
    export_tensorrt_supported: flag(false, 'The framework can export to TensorRT; shows the TensorRT option.'),
    train_logger: z
      .enum([TRAIN_LOGGERS.tensorboard])
      .nullable()
      .default(null)
      .describe('Extra training logger: `tensorboard` writes TensorBoard event files; none writes only the JSON-lines log.'),
    auto_convert_classes: flag(false, 'Convert class shapes to fit the model’s task without asking.'),
    generate_report: flag(false, 'Write an evaluation report after the benchmark.'),
    demo: section(
      {
        path: z.string().min(1).nullable().default(null).describe('Folder of examples of using the trained model.'),
        branch: z.string().min(1).nullable().default(null).describe('Git branch the demo folder is on.'),
      },
      'Where to find a demo of the trained model.',
    ),
    original_repository: section(
      {
        name: z.string().min(1).nullable().default(null).describe('Name of the model’s original repository.'),
        url: z.url().nullable().default(null).describe('URL of the model’s original repository.'),
      },
      'The project the model comes from.',
    ),
  })
  .describe('Which cards and features the training panel shows for this framework.');
export type AppOptions = z.infer<typeof AppOptions>;
