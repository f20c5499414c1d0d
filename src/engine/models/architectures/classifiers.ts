// Image classifiers: a backbone, global average pooling, and one dense layer of class logits.
import { TASK_TYPES } from '../../../core/names';
import type { Architecture } from '../architecture';
import { GRAPH_INPUT, type GraphBuilder } from '../graph';
import { classificationHead } from '../heads/classification';

const CLASSIFIER = 'classifier';

function withClassifier(builder: GraphBuilder, features: string, numClasses: number) {
  const pooled = builder.globalAveragePool('pool', features);
  const logits = builder.dense(CLASSIFIER, pooled, numClasses);
  return builder.finish([logits], [CLASSIFIER]);
}

/** Two 3x3 conv + batch-norm layers with an identity (or 1x1 projection) shortcut, as in ResNet-18. */
function residualBlock(builder: GraphBuilder, block: string, input: string, filters: number, strides = 1) {
  const first = builder.convBnRelu(`${block}.a`, input, filters, strides);
  const second = builder.batchNorm(`${block}.b.bn`, builder.conv(`${block}.b.conv`, first, { filters }));
  const needsProjection = strides !== 1 || builder.channelsOf(input) !== filters;
  const shortcut = needsProjection
    ? builder.batchNorm(
        `${block}.shortcut.bn`,
        builder.conv(`${block}.shortcut.conv`, input, { filters, kernelSize: 1, strides }),
      )
    : input;
  return builder.relu(`${block}.relu`, builder.sum(`${block}.add`, [second, shortcut]));
}

export const SMALL_CLASSIFIER: Architecture = {
  info: {
    task: TASK_TYPES.classification,
    title: 'Classifier S',
    description: 'Three conv + batch-norm stages (16, 32, 64 channels), about 25k parameters. Fast on CPU.',
  },
  build(builder, numClasses) {
    let x = builder.maxPool('stem.pool', builder.convBnRelu('stem', GRAPH_INPUT, 16));
    x = builder.maxPool('stage2.pool', builder.convBnRelu('stage2', x, 32));
    x = builder.convBnRelu('stage3', x, 64, 2);
    return withClassifier(builder, x, numClasses);
  },
  head: (spec, options) => classificationHead(spec.numClasses, options.labelSmoothing),
};

export const MEDIUM_CLASSIFIER: Architecture = {
  info: {
    task: TASK_TYPES.classification,
    title: 'Classifier M',
    description:
      'A small ResNet: stride-4 stem and three residual stages (32, 64, 128 channels), about 310k parameters.',
  },
  build(builder, numClasses) {
    let x = builder.maxPool('stem.pool', builder.convBnRelu('stem', GRAPH_INPUT, 32, 2));
    x = residualBlock(builder, 'stage1', x, 32);
    x = residualBlock(builder, 'stage2', x, 64, 2);
    x = residualBlock(builder, 'stage3', x, 128, 2);
    return withClassifier(builder, x, numClasses);
  },
  head: (spec, options) => classificationHead(spec.numClasses, options.labelSmoothing),
};
