import { z } from 'zod';
import { CONFIG_KINDS } from './names';
import type { ConfigKind } from './names';
import { AppOptions, AppState, BuiltinHyperparameters, ExperimentInfo, ModelsJson } from './schemas';

// The zod schema behind each config file kind, and its JSON Schema. The files under schemas/ are these
// JSON Schemas written out (npm run schemas); hover and completion read the same objects at run time.

export const CONFIG_SCHEMAS: Readonly<Record<ConfigKind, z.ZodType>> = {
  [CONFIG_KINDS.models]: ModelsJson,
  [CONFIG_KINDS.appOptions]: AppOptions,
  [CONFIG_KINDS.hyperparameters]: BuiltinHyperparameters,
  [CONFIG_KINDS.appState]: AppState,
  [CONFIG_KINDS.experimentInfo]: ExperimentInfo,
};

/** A draft-07 JSON Schema, as z.toJSONSchema writes it. */
export type JsonSchema = Record<string, unknown>;

const cache = new Map<ConfigKind, JsonSchema>();

/** `io: 'input'` so that a field with a default is not required: users may leave it out. */
export function jsonSchemaFor(kind: ConfigKind): JsonSchema {
  let schema = cache.get(kind);
  if (!schema) {
    schema = z.toJSONSchema(CONFIG_SCHEMAS[kind], { target: 'draft-7', io: 'input' }) as JsonSchema;
    cache.set(kind, schema);
  }
  return schema;
}
