// The public shapes of the validator's answers, and their offset-based twins used inside it. Findings are
// computed on offsets (cheap to map into an enclosing document, as app_state does for its embedded
// hyperparameters) and turned into line/character ranges once, at the edge.

/** 0-based line and character; characters are UTF-16 code units, as in VS Code. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

/**
 * One problem in a config file. `code` is a stable kebab-case token per kind of finding: 'syntax',
 * 'duplicate-key', 'tab-indent', 'unknown-alias', 'multiple-documents', 'unknown-key', 'foreign-key',
 * 'alias-cycle', 'type', 'range', 'enum', 'format', 'required', 'custom', 'duplicate-model', 'empty', 'too-large',
 * 'too-deep', 'binary', 'not-utf8'.
 */
export interface Finding {
  severity: Severity;
  range: Range;
  message: string;
  code: string;
  fixes: Fix[];
}

/** A text edit on offsets: replaces text[start, end) with newText. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface OffsetFix {
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
}

export interface OffsetFinding {
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly code: string;
  readonly fixes: readonly OffsetFix[];
}

export function offsetFinding(
  severity: Severity,
  code: string,
  span: { readonly start: number; readonly end: number },
  message: string,
  fixes: readonly OffsetFix[] = [],
): OffsetFinding {
  return { severity, code, start: span.start, end: span.end, message, fixes };
}
