import type { JsonSchema } from './schemaNavigation';
import { branches, discriminatorOf, properties, requiredKeys } from './schemaNavigation';
import { isChosenBound } from './schemaText';

// The value inserted for a missing required key. A required key has no default of its own (zod gives
// defaulted keys a default and leaves them out of `required`), so the value is built from its JSON
// Schema: the smallest thing of the right shape, for the user to fill in.

export function skeletonValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  const union = branches(schema);
  if (union) {
    const [first] = union;
    if (!first) return null;
    // A discriminated union's branch needs its discriminator, and shows the fields that have defaults.
    return discriminatorOf(union) === undefined ? skeletonValue(first) : objectSkeleton(first, true);
  }
  if (Array.isArray(schema.enum)) return schema.enum[0] ?? null;
  switch (Array.isArray(schema.type) ? schema.type[0] : schema.type) {
    case 'object':
      return objectSkeleton(schema, false);
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return isChosenBound(schema.minimum) ? schema.minimum : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return null;
  }
}

function objectSkeleton(schema: JsonSchema, withDefaults: boolean): Record<string, unknown> {
  const required = new Set(requiredKeys(schema));
  const skeleton: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties(schema) ?? {})) {
    if (required.has(key) || (withDefaults && property.default !== undefined))
      skeleton[key] = skeletonValue(property);
  }
  return skeleton;
}
