import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../contract/errors.js';

/**
 * Reads the inputs and outputs of an ONNX file without loading it: the protobuf wire format is walked
 * field by field and the weights (node and initializer fields) are skipped by their length, so checking
 * a 350 MB model costs a few small reads instead of an onnxruntime session.
 */

export interface TensorSignature {
  name: string;
  /** 'float32', 'int64', ... or `type <n>` for the rest */
  type: string;
  /** fixed sizes, or the symbolic name of a dynamic axis */
  dims: (number | string)[];
}

export interface OnnxSignature {
  inputs: TensorSignature[];
  outputs: TensorSignature[];
}

/** TensorProto.DataType values we name. */
const ELEMENT_TYPES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
};

const MODEL_GRAPH = 7;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const WINDOW = 64 * 1024;

class NotOnnx extends Error {}

interface Field {
  number: number;
  wire: number;
  /** varint fields: the value; length-delimited: where the payload starts */
  value: number;
  /** length-delimited payload size, 0 otherwise */
  length: number;
  next: number;
}

/** Positioned reads through one window, so walking small fields costs few system calls. */
class WindowedFile {
  private start = 0;
  private bytes = new Uint8Array(0);

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  async byteAt(pos: number): Promise<number> {
    if (pos >= this.size) throw new NotOnnx('unexpected end of file');
    if (pos < this.start || pos >= this.start + this.bytes.length) await this.load(pos, WINDOW);
    return this.bytes[pos - this.start] ?? 0;
  }

  async slice(pos: number, length: number): Promise<Uint8Array> {
    if (pos + length > this.size) throw new NotOnnx('a field runs past the end of the file');
    if (pos < this.start || pos + length > this.start + this.bytes.length) {
      await this.load(pos, Math.max(length, WINDOW));
    }
    return this.bytes.subarray(pos - this.start, pos - this.start + length);
  }

  private async load(pos: number, length: number): Promise<void> {
    const buffer = new Uint8Array(Math.min(length, this.size - pos));
    await this.handle.read(buffer, 0, buffer.length, pos);
    this.start = pos;
    this.bytes = buffer;
  }
}

type ByteSource = (pos: number) => Promise<number> | number;

async function readVarint(byteAt: ByteSource, pos: number): Promise<[value: number, next: number]> {
  let value = 0;
  for (let shift = 0, at = pos; shift < 64; shift += 7, at++) {
    const byte = await byteAt(at);
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at + 1];
  }
  throw new NotOnnx('malformed varint');
}

async function readField(byteAt: ByteSource, pos: number): Promise<Field> {
  const [tag, afterTag] = await readVarint(byteAt, pos);
  const number = Math.floor(tag / 8);
  const wire = tag % 8;
  if (wire === 0) {
    const [value, next] = await readVarint(byteAt, afterTag);
    return { number, wire, value, length: 0, next };
  }
  if (wire === 2) {
    const [length, start] = await readVarint(byteAt, afterTag);
    return { number, wire, value: start, length, next: start + length };
  }
  if (wire === 1 || wire === 5) {
    return { number, wire, value: 0, length: 0, next: afterTag + (wire === 1 ? 8 : 4) };
  }
  throw new NotOnnx(`unsupported protobuf wire type ${wire}`);
}

/** The fields of an in-memory message. */
async function fieldsOf(bytes: Uint8Array): Promise<Field[]> {
  const byteAt = (pos: number): number => {
    const byte = bytes[pos];
    if (byte === undefined) throw new NotOnnx('truncated message');
    return byte;
  };
  const fields: Field[] = [];
  for (let pos = 0; pos < bytes.length;) {
    const field = await readField(byteAt, pos);
    fields.push(field);
    pos = field.next;
  }
  if (fields.some((f) => f.next > bytes.length)) throw new NotOnnx('truncated message');
  return fields;
}

const utf8 = new TextDecoder();
const payload = (bytes: Uint8Array, f: Field): Uint8Array => bytes.subarray(f.value, f.value + f.length);

/** ValueInfoProto { name = 1; type = 2 { tensor_type = 1 { elem_type = 1; shape = 2 { dim = 1 { value = 1 | param = 2 } } } } } */
async function decodeValueInfo(bytes: Uint8Array): Promise<TensorSignature> {
  const signature: TensorSignature = { name: '', type: 'unknown', dims: [] };
  for (const field of await fieldsOf(bytes)) {
    if (field.number === 1 && field.wire === 2) signature.name = utf8.decode(payload(bytes, field));
    if (field.number !== 2 || field.wire !== 2) continue;
    const typeProto = payload(bytes, field);
    for (const tensorField of (await fieldsOf(typeProto)).filter((f) => f.number === 1 && f.wire === 2)) {
      const tensor = payload(typeProto, tensorField);
      for (const part of await fieldsOf(tensor)) {
        if (part.number === 1 && part.wire === 0) {
          signature.type = ELEMENT_TYPES[part.value] ?? `type ${part.value}`;
        }
        if (part.number === 2 && part.wire === 2) signature.dims = await decodeShape(payload(tensor, part));
      }
    }
  }
  return signature;
}

async function decodeShape(shape: Uint8Array): Promise<(number | string)[]> {
  const dims: (number | string)[] = [];
  for (const dimField of (await fieldsOf(shape)).filter((f) => f.number === 1 && f.wire === 2)) {
    const dim = payload(shape, dimField);
    const value = (await fieldsOf(dim)).find((f) => f.number === 1 || f.number === 2);
    if (value?.number === 1) dims.push(value.value);
    else dims.push(value === undefined ? '?' : utf8.decode(payload(dim, value)));
  }
  return dims;
}

async function findGraph(file: WindowedFile): Promise<Field> {
  for (let pos = 0; pos < file.size;) {
    const field = await readField((p) => file.byteAt(p), pos);
    if (field.number === MODEL_GRAPH && field.wire === 2) return field;
    pos = field.next;
  }
  throw new NotOnnx('no graph in the file');
}

async function readGraphSignature(file: WindowedFile): Promise<OnnxSignature> {
  const graph = await findGraph(file);
  const signature: OnnxSignature = { inputs: [], outputs: [] };
  for (let pos = graph.value; pos < graph.next;) {
    const field = await readField((p) => file.byteAt(p), pos);
    if (field.wire === 2 && (field.number === GRAPH_INPUT || field.number === GRAPH_OUTPUT)) {
      const info = await decodeValueInfo(await file.slice(field.value, field.length));
      (field.number === GRAPH_INPUT ? signature.inputs : signature.outputs).push(info);
    }
    pos = field.next;
  }
  return signature;
}

/** MODEL_INVALID when the file is not an ONNX model (a truncated download, an HTML error page). */
export async function readOnnxSignature(file: string): Promise<OnnxSignature> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    return await readGraphSignature(new WindowedFile(handle, size));
  } catch (error) {
    if (!(error instanceof NotOnnx)) throw error;
    throw new AppError(
      'MODEL_INVALID',
      `${file} is not a readable ONNX model (${error.message}). Download the model again.`,
      { file },
    );
  } finally {
    await handle.close();
  }
}
