import { CONFIG_SCHEMAS, jsonSchemaFor } from '../jsonSchemas';
import { BUILTIN_FRAMEWORK, CONFIG_KINDS } from '../names';
import type { ConfigDocument } from './document';
import { embeddedHyperparameters, embeddedOwner, intoStringLiteral } from './embeddedHyperparameters';
import type { HyperparametersOwner } from './hyperparametersOwner';
import { resolveFileOwner } from './hyperparametersOwner';
import { EXPECTED_CONTENT } from './kinds';
import type { LocatedNode } from './located';
import { duplicateModelFindings } from './modelNames';
import { locateFinding } from './position';
import type { Finding, OffsetFinding } from './types';
import { offsetFinding } from './types';
import { findUnknownKeys, unknownKeyFindings } from './unknownKeys';
import { zodFindings } from './zodFindings';

// The checks of one config document, in the order a user would fix them: the text must be readable,
// then parse, then match the schema; the semantic checks come last.

export interface ValidateOptions {
  /** Whose hyperparameters a hyperparameters file holds; `auto` (the default) decides from the file. */
  hyperparameters?: HyperparametersOwner;
}

export interface Validation {
  findings: Finding[];
  /** zod's parsed data when nothing is an error; for another framework's hyperparameters, the plain data. */
  value?: unknown;
}

interface OffsetValidation {
  readonly findings: OffsetFinding[];
  readonly value?: unknown;
}

const EMPTY_MEANS_DEFAULTS: Partial<Record<ConfigDocument['kind'], string>> = {
  [CONFIG_KINDS.appOptions]: 'This file is empty, so every option takes its default.',
  [CONFIG_KINDS.hyperparameters]: 'This file is empty, so every hyperparameter takes its default.',
};

/** Where the foreign-key information tells the user how to have the keys checked. */
type ForeignHint = 'directive' | 'framework-field';

function foreignKeyFindings(root: LocatedNode, hint: ForeignHint): OffsetFinding[] {
  const how =
    hint === 'directive'
      ? `the file has the line \`# train-studio: framework=${BUILTIN_FRAMEWORK}\``
      : `\`framework\` is \`${BUILTIN_FRAMEWORK}\``;
  return findUnknownKeys(root, jsonSchemaFor(CONFIG_KINDS.hyperparameters)).map(({ entry }) =>
    offsetFinding(
      'information',
      'foreign-key',
      entry.keySpan,
      `\`${entry.key}\` is not a hyperparameter of the built-in ${BUILTIN_FRAMEWORK} framework; it is checked only when ${how}.`,
    ),
  );
}

function schemaChecks(document: ConfigDocument, root: LocatedNode): OffsetValidation {
  const { kind, syntax } = document;
  const jsonSchema = jsonSchemaFor(kind);
  const checked = zodFindings(document, root, CONFIG_SCHEMAS[kind], jsonSchema, document.value);
  const findings = [...checked.findings, ...unknownKeyFindings(findUnknownKeys(root, jsonSchema), syntax)];
  if (kind === CONFIG_KINDS.models)
    findings.push(...duplicateModelFindings(root, document.value, document.lines));
  if (kind === CONFIG_KINDS.appState) findings.push(...appStateHyperparameters(root));
  const clean = findings.every((finding) => finding.severity !== 'error');
  return { findings, value: clean ? checked.data : undefined };
}

function appStateHyperparameters(root: LocatedNode): OffsetFinding[] {
  const embedded = embeddedHyperparameters(root);
  if (!embedded) return [];
  const owner = embeddedOwner(root, embedded);
  const { findings } = checkDocument(embedded.document, owner, 'framework-field');
  // An empty string is the documented way to ask for the defaults; nothing to tell.
  return findings
    .filter((finding) => finding.code !== 'empty')
    .map((finding) => intoStringLiteral(finding, embedded.scalar));
}

function checkDocument(
  document: ConfigDocument,
  owner: HyperparametersOwner,
  hint: ForeignHint,
): OffsetValidation {
  const findings = [...document.parseFindings];
  if (document.broken) return { findings };
  const { root, kind } = document;
  if (!root) {
    const defaults = EMPTY_MEANS_DEFAULTS[kind];
    const message = defaults ?? `This file is empty; expected ${EXPECTED_CONTENT[kind]}.`;
    findings.push(offsetFinding(defaults ? 'information' : 'error', 'empty', { start: 0, end: 0 }, message));
    return { findings, value: defaults ? CONFIG_SCHEMAS[kind].safeParse({}).data : undefined };
  }
  if (kind === CONFIG_KINDS.hyperparameters && resolveFileOwner(owner, document.text, root) === 'foreign') {
    return { findings: [...findings, ...foreignKeyFindings(root, hint)], value: document.value };
  }
  const checked = schemaChecks(document, root);
  const clean = findings.every((finding) => finding.severity !== 'error');
  return { findings: [...findings, ...checked.findings], value: clean ? checked.value : undefined };
}

/** Document order, which is the order findings are reported in everywhere. */
export const byPosition = (a: Finding, b: Finding): number =>
  a.range.start.line - b.range.start.line ||
  a.range.start.character - b.range.start.character ||
  a.range.end.line - b.range.end.line ||
  a.range.end.character - b.range.end.character;

export function validateConfig(document: ConfigDocument, options: ValidateOptions = {}): Validation {
  const { findings, value } = checkDocument(document, options.hyperparameters ?? 'auto', 'directive');
  const located = findings.map((finding) => locateFinding(finding, document.lines)).sort(byPosition);
  return value === undefined ? { findings: located } : { findings: located, value };
}
