import type { LocatedNode, Path, ScalarValue } from './located';
import type { JsonSchema } from './schemaNavigation';
import { branches } from './schemaNavigation';
import type { ConfigSyntax } from './kinds';

// Words for schemas and values, shared by messages, hover and completion so that they describe a field
// the same way everywhere: "greater than 0 and at most 10", "one of `AdamW`, `SGD`", "a whole number".

const code = (text: string): string => `\`${text}\``;

/** A scalar as the user would write it in this syntax. YAML strings stay plain where that is safe. */
export function renderScalar(value: ScalarValue, syntax: ConfigSyntax): string {
  if (syntax === 'yaml' && typeof value === 'string' && isPlainYamlSafe(value)) return value;
  return JSON.stringify(value);
}

const YAML_RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?\.?(?:inf|nan))$/i;
const YAML_PLAIN = /^[A-Za-z_][\w./-]*(?: [\w./-]+)*$/;

function isPlainYamlSafe(text: string): boolean {
  return YAML_PLAIN.test(text) && !YAML_RESERVED.test(text);
}

/** A scalar value inside a message: strings quoted, so that `"5"` and `5` read differently. */
function formatValue(value: unknown): string {
  return code(typeof value === 'string' ? JSON.stringify(value) : String(value));
}

/** What the user wrote, for "…; got …". */
export function describeNode(node: LocatedNode, syntax: ConfigSyntax): string {
  if (node.kind === 'object') return syntax === 'yaml' ? 'a mapping' : 'an object';
  if (node.kind === 'array') return 'a list';
  if (node.value === null && node.start === node.end) return 'nothing';
  if (typeof node.value === 'string') return `the text ${formatValue(node.value)}`;
  return formatValue(node.value);
}

/** The field a path names, for the start of a message. */
export function describeField(path: Path): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'The file';
  if (typeof last === 'string') return code(last);
  const parent = path[path.length - 2];
  if (typeof parent === 'string') return `Item ${last + 1} of ${code(parent)}`;
  return `Entry ${last + 1}`;
}

function typeWords(type: unknown, syntax: ConfigSyntax): string | undefined {
  switch (type) {
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'string':
      return 'text';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return syntax === 'yaml' ? 'a mapping' : 'an object';
    case 'null':
      return 'null';
    default:
      return undefined;
  }
}

/** The values a field may take when it has a closed set (enum, const, and null where allowed). */
export function allowedValues(schema: JsonSchema): ScalarValue[] | undefined {
  const union = branches(schema);
  if (union) {
    const parts = union.map(allowedValues);
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  }
  if (Array.isArray(schema.enum)) return schema.enum as ScalarValue[];
  if (schema.const !== undefined) return [schema.const as ScalarValue];
  if (schema.type === 'null') return [null];
  if (schema.type === 'boolean') return [true, false];
  return undefined;
}

export function describeValues(values: readonly ScalarValue[]): string {
  const written = values.map((value) => code(String(value)));
  if (written.length === 1) return written[0] ?? '';
  return `one of ${written.join(', ')}`;
}

/** "a whole number", "text or null", "one of `AdamW`, `SGD`". */
export function describeAccepted(schema: JsonSchema, syntax: ConfigSyntax): string {
  const values = allowedValues(schema);
  if (values && !values.every((value) => typeof value === 'boolean')) return describeValues(values);
  const union = branches(schema);
  const types = union
    ? union.map((branch) => branch.type)
    : Array.isArray(schema.type)
      ? (schema.type as unknown[])
      : [schema.type];
  const words = [
    ...new Set(types.map((type) => typeWords(type, syntax)).filter((word) => word !== undefined)),
  ];
  if (words.length === 0) return 'a value';
  if (words.length === 1) return words[0] ?? '';
  // In a list of types, "true or false" would blur the list's own "or".
  const listed = words.map((word) => (word === 'true or false' ? 'true/false' : word));
  return `${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1] ?? ''}`;
}

const numberText = (value: unknown): string => (typeof value === 'number' ? String(value) : '');
export const itemCount = (count: number): string => `${count} item${count === 1 ? '' : 's'}`;

/** zod gives every integer the safe-integer bounds; those are no range that anyone chose. */
export const isChosenBound = (bound: unknown): boolean =>
  typeof bound === 'number' && Math.abs(bound) !== Number.MAX_SAFE_INTEGER;

function bounds(schema: JsonSchema): string[] {
  const parts: string[] = [];
  if (schema.exclusiveMinimum !== undefined)
    parts.push(`greater than ${numberText(schema.exclusiveMinimum)}`);
  else if (isChosenBound(schema.minimum)) parts.push(`at least ${numberText(schema.minimum)}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`less than ${numberText(schema.exclusiveMaximum)}`);
  else if (isChosenBound(schema.maximum)) parts.push(`at most ${numberText(schema.maximum)}`);
  const items = describeItemCount(schema);
  if (items !== undefined) parts.push(items);
  if (typeof schema.minLength === 'number' && schema.minLength > 0) parts.push('not empty');
  return parts;
}

/** How many items a list takes: "exactly 2 items", "at least 1 item". */
export function describeItemCount(schema: JsonSchema): string | undefined {
  const { minItems, maxItems } = schema;
  if (typeof minItems === 'number' && minItems === maxItems) return `exactly ${itemCount(minItems)}`;
  const parts: string[] = [];
  if (typeof minItems === 'number' && minItems > 0) parts.push(`at least ${itemCount(minItems)}`);
  if (typeof maxItems === 'number') parts.push(`at most ${itemCount(maxItems)}`);
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/** The bounds of a number, list or text field ("greater than 0 and at most 10"), if it has any. */
export function describeRange(schema: JsonSchema): string | undefined {
  const union = branches(schema);
  if (union) {
    const described = union.map(describeRange).filter((text) => text !== undefined);
    return described.length === 1 ? described[0] : undefined;
  }
  const multiple = schema.multipleOf === undefined ? [] : [`a multiple of ${numberText(schema.multipleOf)}`];
  const text = [bounds(schema).join(' and '), ...multiple].filter((part) => part.length > 0).join(', ');
  return text.length > 0 ? text : undefined;
}
