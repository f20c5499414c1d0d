import * as tf from '@tensorflow/tfjs-core';
import type { BuiltinHyperparameters } from '../../core/schemas/hyperparameters';
import type { NamedVariable } from '../contracts';

// AdamW and SGD with momentum, written over plain tf.Variables (not tfjs's optimizers) so that every piece
// of their state, moments and step count alike, is ours to save and restore exactly. Both follow
// PyTorch's update rules (torch.optim.AdamW, and SGD with dampening 0 and no Nesterov).
//
// Weight decay applies to weights of rank 2 and above (convolution and dense kernels), not to biases or
// batch-norm scales and offsets, as timm and YOLO do: pulling those towards 0 only hurts.

type OptimizerSettings = BuiltinHyperparameters['optimizer'];

/** Adam's epsilon; PyTorch's default. */
const ADAM_EPSILON = 1e-8;

export interface Optimizer {
  readonly type: OptimizerSettings['type'];
  /** Optimizer steps taken, restored ones included. */
  readonly step: number;
  /** The optimizer's own variables (moments), named `<weight>/<slot>`, for checkpoints. */
  readonly slots: readonly NamedVariable[];
  /**
   * One update of every variable from its gradient (aligned with the variables; undefined leaves that
   * variable untouched, as PyTorch does for a parameter without a gradient). Call inside tf.tidy.
   */
  apply(gradients: readonly (tf.Tensor | undefined)[], learningRate: number): void;
  /** Sets the step count; the slots are restored through `slots`. */
  restoreStep(step: number): void;
  dispose(): void;
}

/** One optimizer's arithmetic; the bookkeeping around it is shared. */
interface UpdateRule<Scalars> {
  readonly slotNames: readonly string[];
  /** The scalars every variable's update uses in one step, made once per step. */
  scalars(learningRate: number, step: number): Scalars;
  update(variable: tf.Variable, gradient: tf.Tensor, slots: readonly tf.Variable[], scalars: Scalars): void;
}

const isDecayed = (variable: tf.Variable): boolean => variable.rank >= 2;

type AdamScalars = Record<
  | 'beta1'
  | 'oneMinusBeta1'
  | 'beta2'
  | 'oneMinusBeta2'
  | 'rootCorrection2'
  | 'epsilon'
  | 'stepSize'
  | 'decay',
  tf.Scalar
>;

function adamW({ betas: [beta1, beta2], weight_decay }: OptimizerSettings): UpdateRule<AdamScalars> {
  return {
    slotNames: ['m', 'v'],
    scalars: (learningRate, step) => ({
      beta1: tf.scalar(beta1),
      oneMinusBeta1: tf.scalar(1 - beta1),
      beta2: tf.scalar(beta2),
      oneMinusBeta2: tf.scalar(1 - beta2),
      rootCorrection2: tf.scalar(Math.sqrt(1 - beta2 ** step)),
      epsilon: tf.scalar(ADAM_EPSILON),
      stepSize: tf.scalar(learningRate / (1 - beta1 ** step)),
      decay: tf.scalar(1 - learningRate * weight_decay),
    }),
    update(variable, gradient, [m, v], s) {
      if (m === undefined || v === undefined) throw new Error('AdamW needs two slots per variable.');
      const firstMoment = tf.add(tf.mul(m, s.beta1), tf.mul(gradient, s.oneMinusBeta1));
      const secondMoment = tf.add(tf.mul(v, s.beta2), tf.mul(tf.square(gradient), s.oneMinusBeta2));
      m.assign(firstMoment);
      v.assign(secondMoment);
      const denominator = tf.add(tf.div(tf.sqrt(secondMoment), s.rootCorrection2), s.epsilon);
      const decayed = weight_decay > 0 && isDecayed(variable) ? tf.mul(variable, s.decay) : variable;
      variable.assign(tf.sub(decayed, tf.mul(tf.div(firstMoment, denominator), s.stepSize)));
    },
  };
}

type SgdScalars = Record<'learningRate' | 'momentum' | 'weightDecay', tf.Scalar>;

function sgd({ momentum, weight_decay }: OptimizerSettings): UpdateRule<SgdScalars> {
  return {
    slotNames: ['momentum'],
    scalars: (learningRate) => ({
      learningRate: tf.scalar(learningRate),
      momentum: tf.scalar(momentum),
      weightDecay: tf.scalar(weight_decay),
    }),
    update(variable, gradient, [buffer], s) {
      if (buffer === undefined) throw new Error('SGD needs one slot per variable.');
      const decayedGradient =
        weight_decay > 0 && isDecayed(variable)
          ? tf.add(gradient, tf.mul(variable, s.weightDecay))
          : gradient;
      const velocity = tf.add(tf.mul(buffer, s.momentum), decayedGradient);
      buffer.assign(velocity);
      variable.assign(tf.sub(variable, tf.mul(velocity, s.learningRate)));
    },
  };
}

class RuleOptimizer<Scalars> implements Optimizer {
  readonly slots: readonly NamedVariable[];
  private readonly slotsPerVariable: readonly (readonly tf.Variable[])[];
  private steps = 0;

  constructor(
    readonly type: OptimizerSettings['type'],
    private readonly variables: readonly NamedVariable[],
    private readonly rule: UpdateRule<Scalars>,
  ) {
    const named = variables.map(({ name, variable }) =>
      rule.slotNames.map((slotName) => ({
        name: `${name}/${slotName}`,
        variable: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
      })),
    );
    this.slotsPerVariable = named.map((slots) => slots.map(({ variable }) => variable));
    this.slots = named.flat();
  }

  get step(): number {
    return this.steps;
  }

  apply(gradients: readonly (tf.Tensor | undefined)[], learningRate: number): void {
    this.steps += 1;
    const scalars = this.rule.scalars(learningRate, this.steps);
    this.variables.forEach(({ variable }, index) => {
      const gradient = gradients[index];
      if (gradient !== undefined)
        this.rule.update(variable, gradient, this.slotsPerVariable[index] ?? [], scalars);
    });
  }

  restoreStep(step: number): void {
    this.steps = step;
  }

  dispose(): void {
    this.slots.forEach(({ variable }) => {
      variable.dispose();
    });
  }
}

export function createOptimizer(settings: OptimizerSettings, variables: readonly NamedVariable[]): Optimizer {
  return settings.type === 'AdamW'
    ? new RuleOptimizer(settings.type, variables, adamW(settings))
    : new RuleOptimizer(settings.type, variables, sgd(settings));
}
