import { suggestClosest } from './didYouMean';
import { renameKeyFix } from './fixes';
import type { ConfigSyntax } from './kinds';
import type { LocatedEntry, LocatedNode, LocatedObject } from './located';
import { entryOf } from './located';
import type { JsonSchema } from './schemaNavigation';
import { childSchema, lookupIn, properties, resolveBranch, shapeOf } from './schemaNavigation';
import type { OffsetFinding } from './types';
import { offsetFinding } from './types';

// Keys the schema does not know. How loudly to say so is the schema's own choice, read from its
// `additionalProperties`: false (a zod strictObject) is an error; absent (a plain z.object, whose
// unknown keys are kept and ignored) is a warning; a schema or {} (loose objects, models.json's display
// columns) means any key is welcome.

export interface UnknownKey {
  readonly entry: LocatedEntry;
  readonly object: LocatedObject;
  /** The schema of the object, its union branch resolved. */
  readonly objectSchema: JsonSchema;
}

/** Every key that neither `properties` nor an `additionalProperties` schema covers. */
export function findUnknownKeys(root: LocatedNode, rootSchema: JsonSchema): UnknownKey[] {
  const found: UnknownKey[] = [];
  const visit = (node: LocatedNode, schema: JsonSchema): void => {
    const resolved = resolveBranch(schema, lookupIn(node), shapeOf(node));
    if (!resolved) return;
    if (node.kind === 'array') {
      node.items.forEach((item, index) => {
        const itemSchema = childSchema(resolved, index);
        if (itemSchema) visit(item, itemSchema);
      });
    }
    if (node.kind !== 'object' || !isObjectSchema(resolved)) return;
    for (const entry of node.entries) {
      const valueSchema = childSchema(resolved, entry.key);
      if (valueSchema) visit(entry.value, valueSchema);
      else if (resolved.additionalProperties === false || resolved.additionalProperties === undefined) {
        found.push({ entry, object: node, objectSchema: resolved });
      }
    }
  };
  visit(root, rootSchema);
  return found;
}

// A record or a scalar schema has no `properties` to compare keys with.
const isObjectSchema = (schema: JsonSchema): boolean =>
  schema.type === 'object' && properties(schema) !== undefined;

export function unknownKeyFindings(unknown: readonly UnknownKey[], syntax: ConfigSyntax): OffsetFinding[] {
  return unknown.map(({ entry, object, objectSchema }) => {
    const strict = objectSchema.additionalProperties === false;
    const known = Object.keys(properties(objectSchema) ?? {});
    const free = known.filter((key) => !entryOf(object, key));
    const suggestion = suggestClosest(entry.key, free);
    const name = `Unknown key \`${entry.key}\`${entry.fromAlias ? ', which this alias brings in' : ''}`;
    let message: string;
    if (suggestion !== undefined) message = `${name}. Did you mean \`${suggestion}\`?`;
    else if (strict)
      message = `${name}; the keys allowed here are ${known.map((key) => `\`${key}\``).join(', ')}.`;
    else message = `${name}: Train Studio does not read it, so it has no effect.`;
    if (suggestion !== undefined && !strict) message += ' As written, Train Studio does not read it.';
    const fixes =
      suggestion !== undefined && !entry.fromAlias ? [renameKeyFix(entry, suggestion, syntax)] : [];
    return offsetFinding(strict ? 'error' : 'warning', 'unknown-key', entry.keySpan, message, fixes);
  });
}
