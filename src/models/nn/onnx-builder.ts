/**
 * A small builder of ONNX graphs (onnx-proto's protobuf classes, ONNX IR 7, default domain
 * opset 13; https://onnx.ai/onnx/operators/): float/int64 initialisers, nodes with generated
 * output names, and the encoded ModelProto.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export const ONNX_OPSET = 13;
const IR_VERSION = 7;

type Attr = number | readonly number[] | { readonly float: number };

export interface OnnxIo {
  readonly name: string;
  /** Dimensions; a string is a symbolic dimension (the batch). */
  readonly dims: readonly (number | string)[];
}

export class OnnxGraph {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private count = 0;

  /** A float32 initialiser; returns its name. */
  floats(dims: readonly number[], values: ArrayLike<number>, hint = 'c'): string {
    const name = this.fresh(hint);
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [...dims],
        dataType: onnx.TensorProto.DataType.FLOAT,
        floatData: Array.from(values, (v) => Math.fround(v)),
      }),
    );
    return name;
  }

  /** An int64 initialiser; returns its name. */
  int64s(dims: readonly number[], values: readonly number[], hint = 'i'): string {
    const name = this.fresh(hint);
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [...dims],
        dataType: onnx.TensorProto.DataType.INT64,
        int64Data: [...values],
      }),
    );
    return name;
  }

  /**
   * Adds a node; attributes are ints (number), ints lists (number[]) or floats ({ float }).
   * Returns the output names: `outputs` fresh ones, or the names given.
   */
  nodeN(
    op: string,
    inputs: readonly string[],
    attrs: Record<string, Attr>,
    outputs: number | readonly string[],
  ): string[] {
    const names =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, () => this.fresh(op))
        : [...outputs];
    const attribute = Object.entries(attrs).map(([name, v]) => {
      const A = onnx.AttributeProto.AttributeType;
      if (typeof v === 'number') return { name, type: A.INT, i: v };
      if ('float' in v) return { name, type: A.FLOAT, f: v.float };
      return { name, type: A.INTS, ints: [...v] };
    });
    this.nodes.push(
      onnx.NodeProto.create({
        opType: op,
        input: [...inputs],
        output: names,
        attribute,
        name: names[0]!,
      }),
    );
    return names;
  }

  /** Adds a node with one output, named `output` or a fresh name; returns the name. */
  node(
    op: string,
    inputs: readonly string[],
    attrs: Record<string, Attr> = {},
    output?: string,
  ): string {
    return this.nodeN(op, inputs, attrs, output === undefined ? 1 : [output])[0]!;
  }

  /** The encoded model. */
  encode(inputs: readonly OnnxIo[], outputs: readonly OnnxIo[], doc: string): Uint8Array {
    const info = (io: OnnxIo) =>
      onnx.ValueInfoProto.create({
        name: io.name,
        type: {
          tensorType: {
            elemType: onnx.TensorProto.DataType.FLOAT,
            shape: {
              dim: io.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
            },
          },
        },
      });
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      producerName: 'pdm-twin',
      docString: doc,
      graph: {
        name: 'pdm_twin_nn',
        node: this.nodes,
        initializer: this.initializers,
        input: inputs.map(info),
        output: outputs.map(info),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private fresh(hint: string): string {
    return `${hint}_${this.count++}`;
  }
}
