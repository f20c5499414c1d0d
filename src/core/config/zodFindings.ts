import type { z } from 'zod';
import { suggestClosest } from './didYouMean';
import type { ConfigDocument } from './document';
import { insertKeyFix, replaceValueFix } from './fixes';
import type { LocatedNode, LocatedObject, Path, PathTarget, ScalarValue, Span } from './located';
import { nodesAlong } from './located';
import type { JsonSchema } from './schemaNavigation';
import { branches, properties, schemaAtPath } from './schemaNavigation';
import {
  allowedValues,
  describeAccepted,
  describeField,
  describeItemCount,
  describeNode,
  describeRange,
  describeValues,
  itemCount,
} from './schemaText';
import { skeletonValue } from './skeleton';
import type { OffsetFinding, OffsetFix } from './types';
import { offsetFinding } from './types';

// zod's issues, turned into findings on the exact range and in words for users. zod's own messages
// ("Invalid input") are not shown; only the messages our schemas write themselves (custom checks,
// patterns) are. Unknown keys are left to unknownKeys.ts, which gives each its own range and fix.

type Issue = z.core.$ZodIssue;

const YAML_1_1_BOOLEANS = /^(?:yes|no|on|off|y|n)$/i;
const NUMERIC_TEXT = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?\s*$/i;
const DESCRIPTION_END = /[.\s]+$/;

/** Where an issue is: the value itself, or its key where the value is empty (`key:` in YAML). */
function valueSpan(target: PathTarget): Span {
  const { node, entry } = target;
  if (node.start === node.end && entry) return entry.keySpan;
  return node;
}

/**
 * Where a missing key is reported: the key of the object that lacks it; else the object's `{`, or the
 * first key of a YAML block mapping, which has no brace.
 */
function objectAnchor(target: PathTarget): Span {
  if (target.entry) return target.entry.keySpan;
  const { node } = target;
  const first = node.kind === 'object' ? node.entries[0] : undefined;
  if (first?.keySpan.start === node.start) return first.keySpan;
  return { start: node.start, end: Math.min(node.start + 1, node.end) };
}

class IssueReader {
  constructor(
    private readonly document: ConfigDocument,
    private readonly root: LocatedNode,
    private readonly rootSchema: JsonSchema,
  ) {}

  read(issue: Issue): OffsetFinding | undefined {
    if (issue.code === 'unrecognized_keys') return undefined;
    const path: Path = issue.path.filter((segment) => typeof segment !== 'symbol');
    const along = nodesAlong(this.root, path);
    const target = along.length === path.length + 1 ? along[along.length - 1] : undefined;
    const schema = schemaAtPath(this.rootSchema, this.root, path);
    if (!target) {
      // Only the last key is missing when its parent is there; deeper gaps are defaulted parents.
      const parent = along.length === path.length ? along[along.length - 1] : undefined;
      const key = path[path.length - 1];
      if (parent?.node.kind === 'object' && typeof key === 'string')
        return this.missing(parent, key, schema, issue);
      const nearest = along[along.length - 1];
      return offsetFinding(
        'error',
        'custom',
        nearest ? valueSpan(nearest) : { start: 0, end: 0 },
        this.fallbackMessage(issue, path),
      );
    }
    return this.present(issue, path, target, schema);
  }

  private present(
    issue: Issue,
    path: Path,
    target: PathTarget,
    schema: JsonSchema | undefined,
  ): OffsetFinding {
    const field = describeField(path);
    const span = valueSpan(target);
    const { node } = target;
    const got = describeNode(node, this.document.syntax);
    switch (issue.code) {
      case 'invalid_type': {
        // zod names JSON Schema's `integer` type `int`.
        const expected = schema ?? { type: issue.expected === 'int' ? 'integer' : issue.expected };
        const accepted = describeAccepted(expected, this.document.syntax);
        return offsetFinding(
          'error',
          'type',
          span,
          `${field} must be ${accepted}; got ${got}.${typeHint(issue.expected, node)}`,
        );
      }
      case 'too_small':
      case 'too_big':
        return offsetFinding('error', 'range', span, this.rangeMessage(issue, field, node, schema));
      case 'not_multiple_of':
        return offsetFinding('error', 'range', span, multipleMessage(field, node, issue.divisor));
      case 'invalid_value':
        return this.enumFinding(
          field,
          target,
          (schema && allowedValues(schema)) ?? (issue.values as ScalarValue[]),
        );
      case 'invalid_union': {
        const options = 'options' in issue ? issue.options : undefined;
        if (issue.discriminator !== undefined && options)
          return this.enumFinding(field, target, options as ScalarValue[]);
        const accepted = schema ? describeAccepted(schema, this.document.syntax) : 'another value';
        return offsetFinding('error', 'type', span, `${field} must be ${accepted}; got ${got}.`);
      }
      case 'invalid_format':
        return offsetFinding('error', 'format', span, formatMessage(issue, field, got));
      case 'custom':
        return offsetFinding('error', 'custom', span, issue.message);
      default:
        return offsetFinding('error', 'custom', span, this.fallbackMessage(issue, path));
    }
  }

  private missing(
    parent: PathTarget,
    key: string,
    schema: JsonSchema | undefined,
    issue: Issue,
  ): OffsetFinding {
    const object = parent.node as LocatedObject;
    const anchor = objectAnchor(parent);
    const fixes = (value: unknown): OffsetFix[] =>
      object.fromAlias ? [] : [insertKeyFix(this.document, object, key, value)];
    if (issue.code === 'invalid_union' && issue.discriminator === key) {
      // Which branch the object is meant to be: the one that knows most of the keys already written.
      const parentSchema = schemaAtPath(this.rootSchema, this.root, issue.path.slice(0, -1) as Path);
      const union = (parentSchema && branches(parentSchema)) ?? [];
      const best = [...union].sort((a, b) => knownKeyCount(b, object) - knownKeyCount(a, object))[0];
      const values = union.map((branch) => properties(branch)?.[key]?.const as ScalarValue);
      const message = `Missing required key \`${key}\`: ${describeValues(values)}.`;
      const value = best && properties(best)?.[key]?.const;
      return offsetFinding('error', 'required', anchor, message, value === undefined ? [] : fixes(value));
    }
    const description =
      typeof schema?.description === 'string' ? ` (${schema.description.replace(DESCRIPTION_END, '')})` : '';
    const value = schema ? skeletonValue(schema) : null;
    return offsetFinding(
      'error',
      'required',
      anchor,
      `Missing required key \`${key}\`${description}.`,
      fixes(value),
    );
  }

  private enumFinding(field: string, target: PathTarget, values: readonly ScalarValue[]): OffsetFinding {
    const { node } = target;
    const got = describeNode(node, this.document.syntax);
    const written = node.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
    const candidates = values.filter((value) => value !== null).map(String);
    const suggestion = written === undefined ? undefined : suggestClosest(written, candidates);
    const hint = suggestion === undefined ? '' : ` Did you mean \`${suggestion}\`?`;
    const message = `${field} must be ${describeValues(values)}; got ${got}.${hint}`;
    const fix =
      suggestion !== undefined && !node.fromAlias
        ? [replaceValueFix(node, suggestion, this.document.syntax)]
        : [];
    return offsetFinding('error', 'enum', valueSpan(target), message, fix);
  }

  private rangeMessage(
    issue: Issue & { code: 'too_small' | 'too_big' },
    field: string,
    node: LocatedNode,
    schema: JsonSchema | undefined,
  ): string {
    const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    if (issue.origin === 'array') {
      const count = node.kind === 'array' ? node.items.length : 0;
      const range = schema && describeItemCount(schema);
      const wanted = range ?? `${issue.code === 'too_small' ? 'at least' : 'at most'} ${itemCount(limit)}`;
      return `${field} must have ${wanted}; got ${count === 0 ? 'none' : count}.`;
    }
    if (issue.origin === 'string') {
      if (issue.code === 'too_small' && limit === 1) return `${field} must not be empty.`;
      return `${field} must have ${issue.code === 'too_small' ? 'at least' : 'at most'} ${limit} characters.`;
    }
    const range = schema && describeRange(schema);
    const fallback = `${issue.code === 'too_small' ? 'at least' : 'at most'} ${limit}`;
    return `${field} must be ${range ?? fallback}; got ${describeNode(node, this.document.syntax)}.`;
  }

  private fallbackMessage(issue: Issue, path: Path): string {
    return issue.code === 'custom'
      ? issue.message
      : `${describeField(path)} does not have a valid value here.`;
  }
}

function knownKeyCount(branch: JsonSchema, object: LocatedObject): number {
  const known = properties(branch) ?? {};
  return object.entries.filter((entry) => entry.key in known).length;
}

function typeHint(expected: string, node: LocatedNode): string {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return '';
  if ((expected === 'number' || expected === 'int') && NUMERIC_TEXT.test(node.value)) {
    return ' Remove the quotes to make it a number.';
  }
  if (expected === 'boolean' && /^(?:true|false)$/i.test(node.value)) return ' Remove the quotes.';
  if (expected === 'boolean' && YAML_1_1_BOOLEANS.test(node.value)) return ' Write `true` or `false`.';
  return '';
}

function multipleMessage(field: string, node: LocatedNode, divisor: number): string {
  const value = node.kind === 'scalar' && typeof node.value === 'number' ? node.value : undefined;
  if (value === undefined) return `${field} must be a multiple of ${divisor}.`;
  const below = Math.floor(value / divisor) * divisor;
  return `${field} must be a multiple of ${divisor}; got ${value}. The nearest are ${below} and ${below + divisor}.`;
}

function formatMessage(issue: Issue & { code: 'invalid_format' }, field: string, got: string): string {
  switch (issue.format) {
    case 'url':
      return `${field} must be a URL such as https://github.com/owner/repository; got ${got}.`;
    case 'datetime':
      return `${field} must be a date and time with a time zone (ISO 8601), such as 2025-01-31T09:30:00Z; got ${got}.`;
    case 'regex':
      // Our schemas give every pattern a message written for users.
      return issue.message;
    default:
      return `${field} is not in the expected ${issue.format} format; got ${got}.`;
  }
}

/** Findings for zod's issues, and zod's parsed data when there are none. */
export function zodFindings(
  document: ConfigDocument,
  root: LocatedNode,
  schema: z.ZodType,
  jsonSchema: JsonSchema,
  input: unknown,
): { findings: OffsetFinding[]; data?: unknown } {
  const result = schema.safeParse(input);
  if (result.success) return { findings: [], data: result.data };
  const reader = new IssueReader(document, root, jsonSchema);
  const findings = result.error.issues
    .map((issue) => reader.read(issue))
    .filter((finding) => finding !== undefined);
  return { findings };
}
