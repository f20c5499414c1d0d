import type { JsonSchema } from '../jsonSchemas';
import type { LocatedNode, Path } from './located';
import { entryOf } from './located';

// Walks the JSON Schema (draft-07, as z.toJSONSchema writes it) alongside a document. A union picks
// its branch from the document itself: a discriminated union by the value of its discriminator key,
// any other union by the kind of value written (object, list or scalar).

export type { JsonSchema };

/** The document's value for a key of the object a schema applies to; only scalars matter here. */
export type KeyLookup = (key: string) => unknown;

export type ValueShape = 'object' | 'array' | 'scalar';

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function properties(schema: JsonSchema): Readonly<Record<string, JsonSchema>> | undefined {
  const found = schema.properties;
  return isSchema(found) ? (found as Record<string, JsonSchema>) : undefined;
}

export function branches(schema: JsonSchema): readonly JsonSchema[] | undefined {
  const found = schema.anyOf ?? schema.oneOf;
  return Array.isArray(found) ? found.filter(isSchema) : undefined;
}

export function requiredKeys(schema: JsonSchema): readonly string[] {
  return Array.isArray(schema.required) ? schema.required.filter((key) => typeof key === 'string') : [];
}

export function shapeOf(node: LocatedNode): ValueShape {
  return node.kind;
}

function schemaShapes(schema: JsonSchema): ValueShape[] {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.map((type) => (type === 'object' ? 'object' : type === 'array' ? 'array' : 'scalar'));
}

/** The key whose `const` tells the branches of a union apart, when there is one. */
export function discriminatorOf(unionBranches: readonly JsonSchema[]): string | undefined {
  const [first] = unionBranches;
  const candidates = first ? Object.keys(properties(first) ?? {}) : [];
  return candidates.find((key) =>
    unionBranches.every((branch) => properties(branch)?.[key]?.const !== undefined),
  );
}

/**
 * The branch of a union that applies, or the schema itself when it is no union; undefined when the
 * document matches no branch (an unknown discriminator value), so that nothing is checked against a
 * guess.
 */
export function resolveBranch(
  schema: JsonSchema,
  lookup: KeyLookup,
  shape?: ValueShape,
): JsonSchema | undefined {
  const unionBranches = branches(schema);
  if (!unionBranches) return schema;
  const discriminator = discriminatorOf(unionBranches);
  if (discriminator !== undefined) {
    const value = lookup(discriminator);
    return unionBranches.find((branch) => properties(branch)?.[discriminator]?.const === value);
  }
  if (shape === undefined) return undefined;
  return unionBranches.find((branch) => schemaShapes(branch).includes(shape));
}

/**
 * The discriminator of a union not yet told apart, as a field of its own: its values are the branches'
 * constants. Undefined for a union without a discriminator.
 */
export function discriminatorField(schema: JsonSchema): [string, JsonSchema] | undefined {
  const union = branches(schema) ?? [];
  const discriminator = discriminatorOf(union);
  if (discriminator === undefined) return undefined;
  const values = union.map((branch) => properties(branch)?.[discriminator]?.const);
  return [discriminator, { type: 'string', description: schema.description, enum: values }];
}

/** The schema for one step down: an object's property or an array's item. */
export function childSchema(schema: JsonSchema, segment: string | number): JsonSchema | undefined {
  if (typeof segment === 'string') {
    const property = properties(schema)?.[segment];
    if (property) return property;
    return isSchema(schema.additionalProperties) ? schema.additionalProperties : undefined;
  }
  const { items } = schema;
  if (Array.isArray(items)) {
    const item: unknown = items[segment];
    if (isSchema(item)) return item;
    return isSchema(schema.additionalItems) ? schema.additionalItems : undefined;
  }
  return isSchema(items) ? items : undefined;
}

export const lookupIn =
  (node: LocatedNode | undefined): KeyLookup =>
  (key) => {
    if (node?.kind !== 'object') return undefined;
    const value = entryOf(node, key)?.value;
    return value?.kind === 'scalar' ? value.value : undefined;
  };

/** The schema that applies to the node at `path`, branches resolved by the document's own values. */
export function schemaAtPath(
  root: JsonSchema,
  document: LocatedNode | undefined,
  path: Path,
): JsonSchema | undefined {
  let schema = root;
  let node = document;
  for (const segment of path) {
    const resolved = resolveBranch(schema, lookupIn(node), node && shapeOf(node));
    const child = resolved && childSchema(resolved, segment);
    if (!child) return undefined;
    schema = child;
    node = stepInto(node, segment);
  }
  return schema;
}

function stepInto(node: LocatedNode | undefined, segment: string | number): LocatedNode | undefined {
  if (node?.kind === 'object' && typeof segment === 'string') return entryOf(node, segment)?.value;
  if (node?.kind === 'array' && typeof segment === 'number') return node.items[segment];
  return undefined;
}
