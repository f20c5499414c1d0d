// A network is a list of named layers in execution order (a DAG written down topologically), built by
// GraphBuilder, which creates each layer's variables with deterministic, name-seeded initial values.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable, Network, NetworkSpec } from '../contracts';
import { heNormal } from './initializers';
import { applyLayer, type BatchNormLayer, type Layer } from './layers';

/** The name a layer uses to read the network's input images. */
export const GRAPH_INPUT = 'input';
const INPUT_CHANNELS = 3;

export interface Graph {
  readonly layers: readonly Layer[];
  /** The layers whose values `Network.apply` returns, in order. */
  readonly outputs: readonly string[];
  readonly trainable: readonly NamedVariable[];
  readonly state: readonly NamedVariable[];
  readonly headWeightNames: ReadonlySet<string>;
}

interface ConvOptions {
  readonly filters: number;
  readonly kernelSize?: number;
  readonly strides?: number;
  readonly useBias?: boolean;
  /** The bias's initial value (a prior, such as a detection heatmap's low starting probability). */
  readonly biasInit?: number;
}

export class GraphBuilder {
  private readonly layers: Layer[] = [];
  private readonly channels = new Map<string, number>([[GRAPH_INPUT, INPUT_CHANNELS]]);
  private readonly trainable: NamedVariable[] = [];
  private readonly state: NamedVariable[] = [];

  constructor(private readonly seed: number) {}

  conv(name: string, input: string, options: ConvOptions): string {
    const { filters, kernelSize = 3, strides = 1, useBias = false, biasInit = 0 } = options;
    const inChannels = this.channelsOf(input);
    const kernel = this.heNormalVariable(name, [kernelSize, kernelSize, inChannels, filters]);
    const bias = useBias ? this.constantVariable(`${name}.bias`, [filters], biasInit, true) : undefined;
    return this.add(
      { kind: 'conv2d', name, inputs: [input], filters, kernelSize, strides, kernel, bias },
      filters,
    );
  }

  /** A learned upsampling by `strides` (bias included, as after it there is no batch norm to absorb it). */
  convTranspose(name: string, input: string, filters: number, strides = 2): string {
    const inChannels = this.channelsOf(input);
    const kernelSize = strides;
    // Each output pixel of a k = stride transposed conv sums one kernel tap per input channel.
    const kernel = this.heNormalVariable(name, [kernelSize, kernelSize, filters, inChannels], inChannels);
    const bias = this.constantVariable(`${name}.bias`, [filters], 0, true);
    return this.add(
      { kind: 'conv2dTranspose', name, inputs: [input], filters, kernelSize, strides, kernel, bias },
      filters,
    );
  }

  batchNorm(name: string, input: string): string {
    const channels = this.channelsOf(input);
    const layer: BatchNormLayer = {
      kind: 'batchNorm',
      name,
      inputs: [input],
      gamma: this.constantVariable(`${name}.gamma`, [channels], 1, true),
      beta: this.constantVariable(`${name}.beta`, [channels], 0, true),
      movingMean: this.constantVariable(`${name}.moving_mean`, [channels], 0, false),
      movingVariance: this.constantVariable(`${name}.moving_variance`, [channels], 1, false),
    };
    return this.add(layer, channels);
  }

  relu(name: string, input: string): string {
    return this.add({ kind: 'relu', name, inputs: [input] }, this.channelsOf(input));
  }

  maxPool(name: string, input: string, poolSize = 2): string {
    return this.add({ kind: 'maxPool', name, inputs: [input], poolSize }, this.channelsOf(input));
  }

  globalAveragePool(name: string, input: string): string {
    return this.add({ kind: 'globalAveragePool', name, inputs: [input] }, this.channelsOf(input));
  }

  dense(name: string, input: string, units: number): string {
    const inputs = this.channelsOf(input);
    const kernel = this.heNormalVariable(name, [inputs, units]);
    const bias = this.constantVariable(`${name}.bias`, [units], 0, true);
    return this.add({ kind: 'dense', name, inputs: [input], units, kernel, bias }, units);
  }

  upsample(name: string, input: string, factor = 2): string {
    return this.add({ kind: 'upsampleNearest', name, inputs: [input], factor }, this.channelsOf(input));
  }

  concat(name: string, inputs: readonly string[]): string {
    const channels = inputs.reduce((sum, input) => sum + this.channelsOf(input), 0);
    return this.add({ kind: 'concat', name, inputs }, channels);
  }

  sum(name: string, inputs: readonly string[]): string {
    const [channels, ...others] = new Set(inputs.map((input) => this.channelsOf(input)));
    if (channels === undefined || others.length > 0) {
      throw new Error(`Layer '${name}' adds inputs with different channel counts.`);
    }
    return this.add({ kind: 'add', name, inputs }, channels);
  }

  /** conv (no bias) → batch norm → ReLU, as `<block>.conv`, `<block>.bn`, `<block>.relu`. */
  convBnRelu(block: string, input: string, filters: number, strides = 1): string {
    const conv = this.conv(`${block}.conv`, input, { filters, strides });
    return this.relu(`${block}.relu`, this.batchNorm(`${block}.bn`, conv));
  }

  /** `headLayers` are the class-dependent layers, re-initialised when fine-tuning on other classes. */
  finish(outputs: readonly string[], headLayers: readonly string[]): Graph {
    for (const name of [...outputs, ...headLayers]) this.channelsOf(name);
    const isHeadWeight = (weight: NamedVariable) =>
      headLayers.some((layer) => weight.name.startsWith(`${layer}.`));
    const headWeightNames = new Set(
      [...this.trainable, ...this.state].filter(isHeadWeight).map((weight) => weight.name),
    );
    return { layers: this.layers, outputs, trainable: this.trainable, state: this.state, headWeightNames };
  }

  /** The channel count of a layer's output (or the input's). */
  channelsOf(name: string): number {
    const channels = this.channels.get(name);
    if (channels === undefined) throw new Error(`Layer '${name}' is used before it is defined.`);
    return channels;
  }

  private add(layer: Layer, outputChannels: number): string {
    if (this.channels.has(layer.name)) throw new Error(`Duplicate layer name '${layer.name}'.`);
    this.layers.push(layer);
    this.channels.set(layer.name, outputChannels);
    return layer.name;
  }

  /** He-normal kernel; fan-in defaults to every dimension but the last (kernel area × input channels). */
  private heNormalVariable(layerName: string, shape: number[], fanIn?: number): tf.Variable {
    const name = `${layerName}.kernel`;
    const size = shape.reduce((product, dimension) => product * dimension, 1);
    const inputs = fanIn ?? size / (shape[shape.length - 1] ?? 1);
    return this.variable(name, tf.tensor(heNormal(this.seed, name, size, inputs), shape), true);
  }

  private constantVariable(name: string, shape: number[], value: number, trainable: boolean): tf.Variable {
    return this.variable(name, tf.fill(shape, value), trainable);
  }

  private variable(name: string, initial: tf.Tensor, trainable: boolean): tf.Variable {
    // Unnamed tf.Variables: tfjs names must be unique per process, and two networks may share our names.
    const variable = tf.variable(initial, trainable);
    initial.dispose();
    (trainable ? this.trainable : this.state).push({ name, variable });
    return variable;
  }
}

/** A Network that runs a Graph. */
export class GraphNetwork implements Network {
  readonly trainable: readonly NamedVariable[];
  readonly state: readonly NamedVariable[];
  readonly headWeightNames: ReadonlySet<string>;

  constructor(
    readonly spec: NetworkSpec,
    readonly graph: Graph,
  ) {
    this.trainable = graph.trainable;
    this.state = graph.state;
    this.headWeightNames = graph.headWeightNames;
  }

  apply(images: tf.Tensor4D, training: boolean): tf.Tensor[] {
    return tf.tidy(() => {
      const values = new Map<string, tf.Tensor>([[GRAPH_INPUT, images]]);
      const valueOf = (name: string) => {
        const value = values.get(name);
        if (value === undefined) throw new Error(`Layer '${name}' has no value yet.`);
        return value;
      };
      for (const layer of this.graph.layers) {
        values.set(layer.name, applyLayer(layer, layer.inputs.map(valueOf), training));
      }
      return this.graph.outputs.map(valueOf);
    });
  }

  dispose(): void {
    for (const { variable } of [...this.trainable, ...this.state]) variable.dispose();
  }
}

/** The layer graph behind a network built here (what an exporter walks), or undefined for any other network. */
export function graphOf(network: Network): Graph | undefined {
  return network instanceof GraphNetwork ? network.graph : undefined;
}
