import type { ConfigSyntax } from './kinds';
import type { ScalarValue } from './located';
import type { JsonSchema } from './schemaNavigation';
import { allowedValues, describeAccepted, describeRange, renderScalar } from './schemaText';

// The Markdown that documents one field, for hover and for completion items alike.

const isScalar = (value: unknown): value is ScalarValue =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

function renderDefault(value: unknown, syntax: ConfigSyntax): string | undefined {
  if (isScalar(value)) return renderScalar(value, syntax);
  if (Array.isArray(value) && value.every(isScalar))
    return `[${value.map((item) => renderScalar(item, syntax)).join(', ')}]`;
  return undefined;
}

/** One line each: what it is, what it does, its default, range and allowed values. */
export function fieldDocumentation(
  key: string | undefined,
  schema: JsonSchema,
  syntax: ConfigSyntax,
): string {
  const accepted = describeAccepted(schema, syntax);
  const lines = [key === undefined ? accepted : `**\`${key}\`**: ${accepted}`];
  if (typeof schema.description === 'string') lines.push(schema.description);
  const facts: string[] = [];
  const fallback = renderDefault(schema.default, syntax);
  if (fallback !== undefined) facts.push(`Default: \`${fallback}\``);
  const range = describeRange(schema);
  if (range !== undefined) facts.push(`Range: ${range}`);
  const values = allowedValues(schema);
  if (values && values.length > 1 && !accepted.startsWith('one of')) {
    facts.push(`Values: ${values.map((value) => `\`${String(value)}\``).join(', ')}`);
  }
  if (facts.length > 0) lines.push(facts.join(' · '));
  return lines.join('\n\n');
}
