import { jsonSchemaFor } from '../jsonSchemas';
import { CONFIG_KINDS } from '../names';
import type { CompletionContext } from './completionContext';
import type { ConfigDocument } from './document';
import { fieldDocumentation } from './fieldDocs';
import { renderKey } from './fixes';
import { resolveFileOwner } from './hyperparametersOwner';
import { jsonCompletionContext } from './jsonCompletionContext';
import type { ScalarValue } from './located';
import type { JsonSchema } from './schemaNavigation';
import { childSchema, discriminatorField, properties, resolveBranch } from './schemaNavigation';
import { allowedValues, describeAccepted, renderScalar } from './schemaText';
import type { Position, Range } from './types';
import { yamlCompletionContext } from './yamlCompletionContext';

// Completion of keys not yet written and of closed sets of values (enums, booleans, null), in JSON and
// YAML, while the document is being typed.

export interface Completion {
  label: string;
  kind: 'key' | 'value';
  insertText: string;
  /** The text the completion replaces. */
  range: Range;
  detail?: string;
  documentation?: string;
}

/** The schema at the context's path, each union resolved by the scalars written along the way. */
function schemaOf(document: ConfigDocument, context: CompletionContext): JsonSchema | undefined {
  let schema: JsonSchema | undefined = jsonSchemaFor(document.kind);
  for (const [depth, segment] of context.path.entries()) {
    if (!schema) return undefined;
    const scalars = context.scalarsAlong[depth];
    const shape = typeof segment === 'string' ? 'object' : 'array';
    const resolved = resolveBranch(schema, (key) => scalars?.get(key), shape);
    if (resolved) {
      schema = childSchema(resolved, segment);
      continue;
    }
    // A union not yet told apart still knows the values of the key that tells it.
    const discriminator = discriminatorField(schema);
    schema = discriminator?.[0] === segment ? discriminator[1] : undefined;
  }
  return schema;
}

/** The keys an object may take; of a union not yet told apart, only the key that tells it. */
function keySchemas(schema: JsonSchema, context: CompletionContext): [string, JsonSchema][] {
  const scalars = context.scalarsAlong[context.path.length];
  const resolved = resolveBranch(schema, (key) => scalars?.get(key), 'object');
  if (resolved) return Object.entries(properties(resolved) ?? {});
  const discriminator = discriminatorField(schema);
  return discriminator ? [discriminator] : [];
}

function keyCompletions(
  document: ConfigDocument,
  context: CompletionContext,
  schema: JsonSchema,
  range: Range,
): Completion[] {
  const { syntax } = document;
  return keySchemas(schema, context)
    .filter(([key]) => !context.presentKeys.has(key))
    .map(([key, property]) => {
      const name = renderKey(key, syntax);
      const opensBlock = syntax === 'yaml' && property.type === 'object';
      const insertText = context.colonFollows ? name : `${name}:${opensBlock ? '' : ' '}`;
      return {
        label: key,
        kind: 'key',
        insertText,
        range,
        detail: describeAccepted(property, syntax),
        documentation: fieldDocumentation(key, property, syntax),
      };
    });
}

function valueCompletions(document: ConfigDocument, schema: JsonSchema, range: Range): Completion[] {
  const fallback = schema.default;
  const isScalarDefault = fallback === null || ['string', 'number', 'boolean'].includes(typeof fallback);
  const values = allowedValues(schema) ?? (isScalarDefault ? [fallback as ScalarValue] : []);
  // An empty text offers nothing to pick.
  return values
    .filter((value) => value !== '')
    .map((value) => ({
      label: String(value),
      kind: 'value',
      insertText: renderScalar(value, document.syntax),
      range,
      ...(value === fallback ? { detail: 'default' } : {}),
    }));
}

export function completionsAt(document: ConfigDocument, position: Position): Completion[] {
  if (document.unreadable) return [];
  const { text, lines, kind } = document;
  const offset = lines.offsetAt(position);
  if (
    kind === CONFIG_KINDS.hyperparameters &&
    resolveFileOwner('auto', text, document.root, offset) === 'foreign'
  ) {
    return [];
  }
  const context =
    document.syntax === 'json' ? jsonCompletionContext(text, offset) : yamlCompletionContext(lines, offset);
  const schema = context && schemaOf(document, context);
  if (!context || !schema) return [];
  const range = lines.rangeOf(context.replace.start, context.replace.end);
  return context.target === 'key'
    ? keyCompletions(document, context, schema, range)
    : valueCompletions(document, schema, range);
}
