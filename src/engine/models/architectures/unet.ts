// A tiny U-Net: stride-2 convs down to stride 4, a transposed conv and a nearest upsampling back up, each
// concatenated with the encoder features of the same size, then per-pixel class logits.
import { TASK_TYPES } from '../../../core/names';
import type { Architecture } from '../architecture';
import { GRAPH_INPUT } from '../graph';
import { segmentationHead } from '../heads/segmentation';

const CLASSIFIER = 'classifier';

export const SMALL_UNET: Architecture = {
  info: {
    task: TASK_TYPES.semanticSegmentation,
    title: 'U-Net S',
    description: 'Tiny encoder-decoder with skip connections (16, 32, 64 channels), about 57k parameters.',
  },
  build(builder, numClasses) {
    const enc1 = builder.convBnRelu('enc1', GRAPH_INPUT, 16);
    const enc2 = builder.convBnRelu('enc2', enc1, 32, 2);
    const enc3 = builder.convBnRelu('enc3', enc2, 64, 2);
    const up2 = builder.convTranspose('dec2.up', enc3, 32);
    const dec2 = builder.convBnRelu('dec2', builder.concat('dec2.concat', [up2, enc2]), 32);
    const up1 = builder.upsample('dec1.up', dec2);
    const dec1 = builder.convBnRelu('dec1', builder.concat('dec1.concat', [up1, enc1]), 16);
    const logits = builder.conv(CLASSIFIER, dec1, { filters: numClasses, kernelSize: 1, useBias: true });
    return builder.finish([logits], [CLASSIFIER]);
  },
  head: (spec) => segmentationHead(spec.numClasses),
};
