import { z } from 'zod';
import { CONFIG_KINDS } from './names';
import type { ConfigKind } from './names';
import {
  AppOptions,
  AppState,
  BuiltinHyperparameters,
  ExperimentInfo,
  FrameworkManifest,
  ModelsJson,
  ProjectMeta,
  TrainValSplitFile,
} from './schemas';

// The zod schema behind each file Train Studio reads or writes, and its JSON Schema. The files under
// schemas/ are these JSON Schemas written out (npm run schemas); hover and completion read the same
// objects at run time, so the editor and the committed files cannot disagree.

export const CONFIG_SCHEMAS: Readonly<Record<ConfigKind, z.ZodType>> = {
  [CONFIG_KINDS.models]: ModelsJson,
  [CONFIG_KINDS.appOptions]: AppOptions,
  [CONFIG_KINDS.hyperparameters]: BuiltinHyperparameters,
  [CONFIG_KINDS.appState]: AppState,
  [CONFIG_KINDS.experimentInfo]: ExperimentInfo,
};

/** Every file under schemas/, by file name. */
export const SCHEMA_FILES: Readonly<Record<string, z.ZodType>> = {
  'models.schema.json': ModelsJson,
  'app_options.schema.json': AppOptions,
  'hyperparameters.schema.json': BuiltinHyperparameters,
  'app_state.schema.json': AppState,
  'experiment_info.schema.json': ExperimentInfo,
  'model_meta.schema.json': ProjectMeta,
  'train_val_split.schema.json': TrainValSplitFile,
  'framework.schema.json': FrameworkManifest,
};

/** A draft-07 JSON Schema, as z.toJSONSchema writes it. */
export type JsonSchema = Record<string, unknown>;

/** The parts of a JSON Schema node that the docs generator and the tests read. */
export interface JsonSchemaNode {
  $schema?: string;
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  minItems?: number;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode | JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  pattern?: string;
}

/** `io: 'input'` so that a field with a default is not required: users may leave it out. */
function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'input' });
}

/** The text of one schemas/ file: stable key order, two-space indentation, final newline. */
export function renderSchemaFile(schema: z.ZodType): string {
  return `${JSON.stringify(toJsonSchema(schema), null, 2)}\n`;
}

const cache = new Map<ConfigKind, JsonSchema>();

export function jsonSchemaFor(kind: ConfigKind): JsonSchema {
  let schema = cache.get(kind);
  if (!schema) {
    schema = toJsonSchema(CONFIG_SCHEMAS[kind]);
    cache.set(kind, schema);
  }
  return schema;
}
