// The ONNX schema, parsed at run time from the vendored onnx.proto (see README.md) with protobufjs.
import fs from 'node:fs';
import path from 'node:path';
import * as protobuf from 'protobufjs';
import { findPackageFile } from '../../packageFile';
import { ExportError } from '../errors';

const PROTO_FILE = 'onnx.proto';
/** Where the file lies under the package root; scripts/build.mjs copies it beside the bundles in dist/. */
const PROTO_SOURCE = path.join('src', 'engine', 'export', 'onnx', PROTO_FILE);

/** TensorProto.DataType values the exporter writes. */
export const ONNX_FLOAT = 1;

let modelType: protobuf.Type | undefined;

function protoText(): string {
  const file = findPackageFile(__dirname, [PROTO_FILE, PROTO_SOURCE]);
  if (file === undefined) {
    throw new ExportError({
      message: `Train Studio's ${PROTO_FILE} (the ONNX schema) is missing, so no ONNX model can be written.`,
      hint: "Reinstall Train Studio, or run 'npm run build' in a source checkout.",
    });
  }
  return fs.readFileSync(file, 'utf8');
}

/** ModelProto, parsed once per process; field names as the .proto spells them (snake_case). */
export function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.parse(protoText(), { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}
