import { BUILTIN_FRAMEWORK, CONFIG_KINDS } from '../names';
import { jsonSchemaFor } from '../jsonSchemas';
import { suggestClosest } from './didYouMean';
import type { LocatedNode } from './located';
import { properties } from './schemaNavigation';

// Whose hyperparameters a file holds. Only the built-in framework's are checked against our schema;
// another framework's file (RT-DETRv2, YOLO, …) is free-form, and flagging its keys as errors would
// bury the user's real problems.

export type HyperparametersOwner = 'builtin' | 'foreign' | 'auto';
export type ResolvedOwner = Exclude<HyperparametersOwner, 'auto'>;

/** `# train-studio: framework=<name>` on a line of its own. */
const DIRECTIVE = /^[ \t]*#[ \t]*train-studio:[ \t]*framework[ \t]*=[ \t]*([^\s#]+)[ \t]*$/m;

function frameworkDirective(text: string): string | undefined {
  return DIRECTIVE.exec(text)?.[1];
}

const ownerOfFramework = (framework: string): ResolvedOwner =>
  framework === BUILTIN_FRAMEWORK ? 'builtin' : 'foreign';

function builtinHyperparameterKeys(): string[] {
  return Object.keys(properties(jsonSchemaFor(CONFIG_KINDS.hyperparameters)) ?? {});
}

/**
 * Built-in when every top-level key is one of ours or a near miss of one, so that a typo in our own
 * file still gets its error and did-you-mean; foreign as soon as one key is plainly someone else's.
 * `ignoreOffset` leaves out a key being typed there, which is neither yet.
 */
function ownerByKeys(root: LocatedNode | undefined, ignoreOffset?: number): ResolvedOwner {
  if (root?.kind !== 'object') return 'builtin';
  const known = builtinHyperparameterKeys();
  const theirs = root.entries.some(
    (entry) =>
      !(
        ignoreOffset !== undefined &&
        entry.keySpan.start <= ignoreOffset &&
        ignoreOffset <= entry.keySpan.end
      ) &&
      !known.includes(entry.key) &&
      suggestClosest(entry.key, known) === undefined,
  );
  return theirs ? 'foreign' : 'builtin';
}

/** A hyperparameters file: the caller's choice, else the directive, else the keys. */
export function resolveFileOwner(
  option: HyperparametersOwner,
  text: string,
  root: LocatedNode | undefined,
  ignoreOffset?: number,
): ResolvedOwner {
  if (option !== 'auto') return option;
  const directive = frameworkDirective(text);
  return directive === undefined ? ownerByKeys(root, ignoreOffset) : ownerOfFramework(directive);
}

/** The hyperparameters inside app_state: the directive, else app_state's own `framework`. */
export function resolveEmbeddedOwner(text: string, framework: unknown): ResolvedOwner {
  const directive = frameworkDirective(text);
  if (directive !== undefined) return ownerOfFramework(directive);
  return framework === undefined || framework === BUILTIN_FRAMEWORK ? 'builtin' : 'foreign';
}
