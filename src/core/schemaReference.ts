import type { JsonSchema, JsonSchemaNode as Node } from './jsonSchemas';
import { jsonSchemaFor } from './jsonSchemas';
import { CONFIG_KINDS } from './names';
import type { ConfigKind } from './names';

// The README's config reference, written from the same JSON Schemas as schemas/, so that the documented
// keys, defaults and ranges are the ones the validator enforces.

const SECTIONS: readonly { kind: ConfigKind; file: string; intro: string }[] = [
  {
    kind: CONFIG_KINDS.hyperparameters,
    file: 'hyperparameters.yaml',
    intro:
      'Hyperparameters of the built-in `tfjs` framework. Files of other frameworks are not checked against these (see Limits).',
  },
  {
    kind: CONFIG_KINDS.appOptions,
    file: 'app_options.yaml',
    intro: 'What the training panel shows for a framework.',
  },
  {
    kind: CONFIG_KINDS.appState,
    file: 'app_state.json',
    intro: "A run's full configuration. Paths are relative to the app_state file's folder.",
  },
  {
    kind: CONFIG_KINDS.models,
    file: 'models.json',
    intro: 'A list of models. Every key of an entry other than `meta` is a display column.',
  },
];

const code = (value: unknown): string => `\`${JSON.stringify(value)}\``;

function typeOf(node: Node): string {
  if (node.const !== undefined) return code(node.const);
  if (node.enum) return node.enum.map(code).join(' \\| ');
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  if (Array.isArray(node.items)) return `[${node.items.map(typeOf).join(', ')}]`;
  if (node.items) return `list of ${typeOf(node.items)}`;
  return Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
}

function rangeOf(node: Node): string {
  const bounds: string[] = [];
  if (node.minimum !== undefined) bounds.push(`≥ ${String(node.minimum)}`);
  if (node.exclusiveMinimum !== undefined) bounds.push(`> ${String(node.exclusiveMinimum)}`);
  if (node.maximum !== undefined) bounds.push(`≤ ${String(node.maximum)}`);
  if (node.exclusiveMaximum !== undefined) bounds.push(`< ${String(node.exclusiveMaximum)}`);
  if (node.multipleOf !== undefined) bounds.push(`multiple of ${String(node.multipleOf)}`);
  if (node.minItems !== undefined && !Array.isArray(node.items))
    bounds.push(`at least ${String(node.minItems)} item(s)`);
  if (Array.isArray(node.items))
    bounds.push(...node.items.map((item, index) => `[${String(index)}] ${rangeOf(item)}`));
  else if (node.items) bounds.push(rangeOf(node.items));
  for (const branch of node.anyOf ?? []) bounds.push(rangeOf(branch));
  return bounds.filter((bound) => bound.length > 0).join(', ');
}

const isObject = (node: Node): boolean => node.properties !== undefined;

function rows(node: Node, prefix: string, condition: string): string[] {
  const lines: string[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = `${prefix}${key}`;
    for (const [index, branch] of (child.oneOf ?? []).entries()) {
      const discriminator = Object.entries(branch.properties ?? {}).find(
        ([, field]) => field.const !== undefined,
      );
      const when = discriminator
        ? `${name}.${discriminator[0]} = ${code(discriminator[1].const)}`
        : `variant ${String(index + 1)}`;
      lines.push(...rows(branch, `${name}.`, when));
    }
    if (isObject(child)) {
      lines.push(...rows(child, `${name}.`, condition));
      continue;
    }
    if (child.oneOf) continue;
    const required = node.required?.includes(key) ? 'required' : code(child.default);
    const description = [condition ? `(${condition})` : '', child.description ?? '']
      .filter(Boolean)
      .join(' ');
    lines.push(`| \`${name}\` | ${typeOf(child)} | ${required} | ${rangeOf(child)} | ${description} |`);
  }
  return lines;
}

function entryNode(schema: JsonSchema): Node {
  const node = schema as Node;
  return !Array.isArray(node.items) && node.items ? node.items : node;
}

/** The markdown of the config reference: one table per file. */
export function renderConfigReference(): string {
  const parts = SECTIONS.map(({ kind, file, intro }) => {
    const table = [
      '| key | type | default | range | description |',
      '|---|---|---|---|---|',
      ...rows(entryNode(jsonSchemaFor(kind)), '', ''),
    ];
    return [`### \`${file}\``, '', intro, '', ...table].join('\n');
  });
  return `${parts.join('\n\n')}\n`;
}

const START_MARKER = '<!-- config-reference:start (npm run schemas writes this part) -->';
const END_MARKER = '<!-- config-reference:end -->';

/** The README with its config reference section replaced; the markers must be there already. */
export function replaceConfigReference(readme: string, reference: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start)
    throw new Error(`README.md lacks the markers ${START_MARKER} … ${END_MARKER}`);
  return `${readme.slice(0, start + START_MARKER.length)}\n\n${reference}\n${readme.slice(end)}`;
}
