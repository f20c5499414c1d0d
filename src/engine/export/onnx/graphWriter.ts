// A tiny ONNX graph builder: nodes, float initialisers and typed graph inputs/outputs, as plain objects with
// the field names of onnx.proto, ready for protobufjs's ModelProto.fromObject.
import { ONNX_FLOAT } from './proto';

/** AttributeProto.AttributeType values of the attributes the exporter writes. */
const ATTRIBUTE_TYPES = { float: 1, int: 2, string: 3, ints: 7 } as const;

/** An attribute value: a whole number is INT, an array INTS, a string STRING; `{ float }` is FLOAT. */
export type AttributeValue = number | string | readonly number[] | { readonly float: number };

interface AttributeProto {
  readonly name: string;
  readonly type: number;
  readonly i?: number;
  readonly f?: number;
  readonly s?: Uint8Array;
  readonly ints?: readonly number[];
}

interface NodeProto {
  readonly name: string;
  readonly op_type: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute: readonly AttributeProto[];
}

interface TensorProto {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data_type: number;
  readonly raw_data: Uint8Array;
}

/** A dimension: a size, or the name of a dynamic one. */
export type Dimension = number | string;

export interface ValueInfoProto {
  readonly name: string;
  readonly doc_string: string;
  readonly type: {
    readonly tensor_type: {
      readonly elem_type: number;
      readonly shape: { readonly dim: readonly ({ dim_value: number } | { dim_param: string })[] };
    };
  };
}

export interface GraphProto {
  readonly name: string;
  readonly node: readonly NodeProto[];
  readonly initializer: readonly TensorProto[];
  readonly input: readonly ValueInfoProto[];
  readonly output: readonly ValueInfoProto[];
}

function attribute(name: string, value: AttributeValue): AttributeProto {
  if (typeof value === 'string') {
    return { name, type: ATTRIBUTE_TYPES.string, s: Buffer.from(value, 'utf8') };
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`Attribute '${name}' must be an integer; use { float }.`);
    return { name, type: ATTRIBUTE_TYPES.int, i: value };
  }
  if ('float' in value) return { name, type: ATTRIBUTE_TYPES.float, f: value.float };
  return { name, type: ATTRIBUTE_TYPES.ints, ints: value };
}

/** A float32 tensor's type and shape, with its documentation. */
export function floatValueInfo(
  name: string,
  shape: readonly Dimension[],
  description: string,
): ValueInfoProto {
  const dim = shape.map((size) => (typeof size === 'number' ? { dim_value: size } : { dim_param: size }));
  return { name, doc_string: description, type: { tensor_type: { elem_type: ONNX_FLOAT, shape: { dim } } } };
}

export class GraphWriter {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly names = new Set<string>();

  /** Adds a node writing `output`; returns the output's name. */
  node(
    opType: string,
    inputs: readonly string[],
    output: string,
    attributes: Readonly<Record<string, AttributeValue>> = {},
  ): string {
    this.claim(output);
    this.nodes.push({
      name: output,
      op_type: opType,
      input: inputs,
      output: [output],
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
    return output;
  }

  /** Adds a float32 constant; returns its name. */
  initializer(name: string, dims: readonly number[], values: Float32Array): string {
    const size = dims.reduce((product, dimension) => product * dimension, 1);
    if (size !== values.length) {
      throw new Error(`Initializer '${name}' has ${values.length} values for dims [${dims.join(', ')}].`);
    }
    this.claim(name);
    // raw_data is little-endian, as every platform Node.js runs Train Studio on.
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
    this.initializers.push({ name, dims, data_type: ONNX_FLOAT, raw_data: bytes });
    return name;
  }

  graph(name: string, inputs: readonly ValueInfoProto[], outputs: readonly ValueInfoProto[]): GraphProto {
    return { name, node: this.nodes, initializer: this.initializers, input: inputs, output: outputs };
  }

  /** Every value has one producer (a node, an initialiser, the graph's input), so names must be unique. */
  claim(name: string): void {
    if (this.names.has(name)) throw new Error(`The ONNX graph already has a value named '${name}'.`);
    this.names.add(name);
  }
}
