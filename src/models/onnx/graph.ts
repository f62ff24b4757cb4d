/**
 * A small builder of ONNX graphs over onnx-proto: initialisers, nodes with typed attributes,
 * inputs and outputs, and the model wrapper (opset ai.onnx 13 and ai.onnx.ml 1), serialised
 * to bytes that ONNX Runtime and other ONNX tools load.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export type AttrValue =
  | { i: number }
  | { f: number }
  | { s: string }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { strings: readonly string[] };

export class OnnxGraph {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private counter = 0;
  private readonly inputDims = new Map<string, readonly (number | string)[]>();

  /** A fresh tensor name with a prefix. */
  name(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    this.initializers.push({
      name,
      dataType: onnx.TensorProto.DataType.FLOAT,
      dims: [...dims],
      floatData: Array.from(values, (v) => Math.fround(v)),
    });
    return name;
  }

  int64Tensor(name: string, dims: readonly number[], values: readonly number[]): string {
    this.initializers.push({
      name,
      dataType: onnx.TensorProto.DataType.INT64,
      dims: [...dims],
      int64Data: [...values],
    });
    return name;
  }

  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    domain = '',
  ): void {
    const A = onnx.AttributeProto.AttributeType;
    const enc = (t: string) => new TextEncoder().encode(t);
    const attribute: onnxProto.onnx.IAttributeProto[] = Object.entries(attrs).map(([name, v]) => {
      if ('i' in v) return { name, type: A.INT, i: v.i };
      if ('f' in v) return { name, type: A.FLOAT, f: Math.fround(v.f) };
      if ('s' in v) return { name, type: A.STRING, s: enc(v.s) };
      if ('ints' in v) return { name, type: A.INTS, ints: [...v.ints] };
      if ('floats' in v)
        return { name, type: A.FLOATS, floats: v.floats.map((x) => Math.fround(x)) };
      return { name, type: A.STRINGS, strings: v.strings.map(enc) };
    });
    this.nodes.push({
      opType,
      input: [...inputs],
      output: [...outputs],
      attribute,
      domain,
      name: this.name(opType),
    });
  }

  private valueInfo(
    name: string,
    dims: readonly (number | string)[],
  ): onnxProto.onnx.IValueInfoProto {
    return {
      name,
      type: {
        tensorType: {
          elemType: onnx.TensorProto.DataType.FLOAT,
          shape: {
            dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
          },
        },
      },
    };
  }

  input(name: string, dims: readonly (number | string)[]): void {
    this.inputs.push(this.valueInfo(name, dims));
    this.inputDims.set(name, [...dims]);
  }

  /** The dimensions an input was declared with, or undefined when the graph has no such input. */
  inputShape(name: string): readonly (number | string)[] | undefined {
    return this.inputDims.get(name);
  }

  output(name: string, dims: readonly (number | string)[]): void {
    this.outputs.push(this.valueInfo(name, dims));
  }

  /** The model as ONNX bytes; `metadata` becomes its metadata_props (key, value). */
  toBytes(
    graphName: string,
    docString: string,
    metadata: Readonly<Record<string, string>> = {},
  ): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'pdm-twin',
      docString,
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      opsetImport: [
        { domain: '', version: 13 },
        { domain: 'ai.onnx.ml', version: 1 },
      ],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
