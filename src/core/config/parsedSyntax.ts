import type { LocatedNode } from './located';
import { MAX_NESTING_DEPTH } from './limits';
import type { OffsetFinding } from './types';
import { offsetFinding } from './types';

/** What either parser gives back: the located tree and the problems found while building it. */
export interface ParsedSyntax {
  /** Undefined when the text holds no value at all (empty, or only comments). */
  readonly root: LocatedNode | undefined;
  readonly findings: readonly OffsetFinding[];
  /** The tree may not be what the user meant (syntax error, refused depth): skip the schema checks. */
  readonly broken: boolean;
}

export function tooDeepFinding(offset: number): OffsetFinding {
  return offsetFinding(
    'error',
    'too-deep',
    { start: offset, end: offset + 1 },
    `Nested more than ${MAX_NESTING_DEPTH} levels deep here; Train Studio does not check files nested this deeply. A config file needs only a few levels.`,
  );
}
