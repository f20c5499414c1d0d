import assert from 'node:assert/strict';
import { parseConfig, validateConfig } from '../../src/core/config';
import type { ConfigKind } from '../../src/core/names';
import { CONFIG_KINDS } from '../../src/core/names';
import { report, time } from './measure';

// The config validator runs on every pause in typing, so parse + validate must stay well inside a
// frame budget: target a median under 10 ms for a 1,000-line hyperparameters.yaml (ours and another
// framework's) and a 200-entry models.json, on a slow 2-core machine.

const TARGET = '< 10 ms';

function lineCount(text: string): number {
  return text.split('\n').length - 1;
}

/** Our own hyperparameters with every field, made long by comments and a long block list. */
function builtinHyperparameters(lines: number): string {
  const head = [
    '# Built-in framework hyperparameters for a long schedule.',
    'epochs: 10000',
    'batch_size: 32',
    'input_size: 224',
    'optimizer:',
    '  type: SGD # with momentum',
    '  lr: 0.01',
    '  betas: [0.9, 0.999]',
    '  momentum: 0.9',
    '  weight_decay: 0.0005',
    'warmup:',
    '  steps: 500',
    '  start_factor: 0.01',
    'ema:',
    '  enabled: true',
    '  decay: 0.9998',
    'clip_grad_norm: 10',
    'augmentation:',
    '  hflip: 0.5',
    '  vflip: 0',
    '  scale: [0.35, 1]',
    '  color_jitter: {brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1}',
    'checkpoint_freq: 10',
    'patience: 15',
    'seed: 1234',
    'lr_scheduler:',
    '  type: multistep',
    '  gamma: 0.5',
    '  milestones:',
  ];
  const body: string[] = [];
  for (let index = 0; head.length + body.length < lines; index += 1) {
    body.push(index % 4 === 0 ? `    # decay step ${index}` : `    - ${index + 1}`);
  }
  return `${[...head, ...body].join('\n')}\n`;
}

/** An RT-DETRv2-style file of another framework, made long the same way. */
function foreignHyperparameters(lines: number): string {
  const head = [
    '# RT-DETRv2-style training settings.',
    'epoches: 72',
    'batch_size: 16',
    'eval_spatial_size: [640, 640]',
    'optimizer:',
    '  type: AdamW',
    '  lr: 0.0001',
    '  betas: [0.9, 0.999]',
    '  weight_decay: 0.0001',
    'lr_warmup_scheduler: {type: LinearWarmup, warmup_duration: 2000}',
    'use_ema: true',
    'ema: {decay: 0.9999, warmups: 2000}',
    'use_amp: true',
    'clip_max_norm: 0.1',
    'lr_scheduler:',
    '  type: MultiStepLR',
    '  gamma: 0.1',
    '  milestones:',
  ];
  const body: string[] = [];
  for (let index = 0; head.length + body.length < lines; index += 1) {
    body.push(index % 4 === 0 ? `    # milestone ${index}` : `    - ${(index + 1) * 10}`);
  }
  return `${[...head, ...body].join('\n')}\n`;
}

function modelsJson(entries: number): string {
  const models = Array.from({ length: entries }, (_, index) => ({
    Model: `detector-${index}`,
    'Params (M)': 20 + index / 10,
    mAP: 48.1,
    Latency: `${(1 + index / 100).toFixed(2)}ms`,
    Dataset: 'COCO',
    meta: {
      task_type: 'object detection',
      arch_type: 'detector',
      model_files: { checkpoint: `weights/detector_${index}.pth`, config: `configs/detector_${index}.yml` },
    },
  }));
  return `${JSON.stringify(models, null, 2)}\n`;
}

function measure(name: string, kind: ConfigKind, text: string, expectedFindings: number): void {
  const { findings } = validateConfig(parseConfig(kind, text));
  // A benchmark of the wrong work measures nothing: the inputs are what they claim to be.
  assert.equal(findings.filter((finding) => finding.severity !== 'information').length, 0);
  assert.equal(findings.length, expectedFindings);
  const timing = time(() => validateConfig(parseConfig(kind, text)));
  report(name, timing.medianMs, 'ms', TARGET);
}

const builtin = builtinHyperparameters(1000);
const foreign = foreignHyperparameters(1000);
const models = modelsJson(200);
measure(
  `hyperparameters.yaml, built-in, ${lineCount(builtin)} lines`,
  CONFIG_KINDS.hyperparameters,
  builtin,
  0,
);
measure(
  `hyperparameters.yaml, foreign, ${lineCount(foreign)} lines`,
  CONFIG_KINDS.hyperparameters,
  foreign,
  7,
);
measure(`models.json, 200 entries (${lineCount(models)} lines)`, CONFIG_KINDS.models, models, 0);
