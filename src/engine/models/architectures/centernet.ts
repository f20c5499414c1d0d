// A small CenterNet ("Objects as Points"): an encoder to stride 16, a top-down path that fuses it back to
// stride 4, and three heads on the stride-4 features: class heatmap logits, log box size, centre offset.
import { TASK_TYPES } from '../../../core/names';
import type { Architecture } from '../architecture';
import { GRAPH_INPUT, type GraphBuilder } from '../graph';
import { CENTERNET_STRIDE, centerNetHead, HEATMAP_PRIOR_BIAS } from '../heads/centernet';

const HEAD_CHANNELS = 32;

/** 3x3 conv + ReLU, then a 1x1 conv to `filters` outputs; no batch norm, as in CenterNet's heads. */
function outputHead(builder: GraphBuilder, name: string, features: string, filters: number, biasInit = 0) {
  const hidden = builder.conv(`head.${name}.conv`, features, { filters: HEAD_CHANNELS, useBias: true });
  const activated = builder.relu(`head.${name}.relu`, hidden);
  return builder.conv(`head.${name}.out`, activated, { filters, kernelSize: 1, useBias: true, biasInit });
}

/** A stride-2 conv block followed by a stride-1 one. */
function downStage(builder: GraphBuilder, stage: string, input: string, filters: number) {
  return builder.convBnRelu(
    `${stage}.conv2`,
    builder.convBnRelu(`${stage}.conv1`, input, filters, 2),
    filters,
  );
}

/** Upsample the coarser features ×2, concatenate the skip, and mix them with a conv block. */
function fuse(builder: GraphBuilder, name: string, coarse: string, skip: string, filters: number) {
  const up = builder.upsample(`${name}.up`, coarse);
  return builder.convBnRelu(name, builder.concat(`${name}.concat`, [up, skip]), filters);
}

export const SMALL_CENTERNET: Architecture = {
  info: {
    task: TASK_TYPES.objectDetection,
    title: 'CenterNet S',
    description:
      'Anchor-free detector: objects as heatmap peaks at stride 4 with size and offset regression, about 520k parameters.',
  },
  build(builder, numClasses) {
    const stem = builder.convBnRelu('stem', GRAPH_INPUT, 16, 2);
    const stride4 = downStage(builder, 'stage1', stem, 32);
    const stride8 = downStage(builder, 'stage2', stride4, 64);
    const stride16 = downStage(builder, 'stage3', stride8, 128);
    const fused8 = fuse(builder, 'neck.fuse8', stride16, stride8, 64);
    const features = fuse(builder, 'neck.fuse4', fused8, stride4, 64);
    const heatmap = outputHead(builder, 'heatmap', features, numClasses, HEATMAP_PRIOR_BIAS);
    const size = outputHead(builder, 'size', features, 2);
    const offset = outputHead(builder, 'offset', features, 2);
    return builder.finish([heatmap, size, offset], [heatmap]);
  },
  head: (spec) => centerNetHead(spec.numClasses, CENTERNET_STRIDE),
};
