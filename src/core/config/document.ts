import type { ConfigKind } from '../names';
import { duplicateKeyFindings } from './duplicateKeys';
import { parseJson } from './jsonParser';
import type { ConfigSyntax } from './kinds';
import { SYNTAX_OF } from './kinds';
import type { LocatedNode } from './located';
import { toPlain } from './located';
import type { ParsedSyntax } from './parsedSyntax';
import { LineIndex } from './position';
import type { OffsetFinding } from './types';
import { unreadableTextFinding } from './unreadableText';
import { parseYaml } from './yamlParser';

// A config file parsed once: validation, hover, completion and rangeOf all read this, so a document is
// never parsed twice for one version of its text.

export interface ConfigDocument {
  readonly kind: ConfigKind;
  readonly text: string;
  readonly syntax: ConfigSyntax;
  readonly lines: LineIndex;
  /** The located tree; undefined for an empty document or one that could not be read at all. */
  readonly root: LocatedNode | undefined;
  /** The plain data (as JSON.parse or a YAML loader gives it), valid or not; undefined without a root. */
  readonly value: unknown;
  /** Syntax findings, duplicate keys, and the single finding of a file that is not checked at all. */
  readonly parseFindings: readonly OffsetFinding[];
  /** The tree may not be what the user meant: schema checks are skipped. */
  readonly broken: boolean;
  /** Nothing beyond parseFindings is checked (too large, binary, not UTF-8). */
  readonly unreadable: boolean;
}

export function parseConfig(kind: ConfigKind, text: string): ConfigDocument {
  const syntax = SYNTAX_OF[kind];
  const lines = new LineIndex(text);
  const unreadable = unreadableTextFinding(text);
  if (unreadable) {
    return {
      kind,
      text,
      syntax,
      lines,
      root: undefined,
      value: undefined,
      parseFindings: [unreadable],
      broken: true,
      unreadable: true,
    };
  }
  const parsed: ParsedSyntax = syntax === 'json' ? parseJson(text) : parseYaml(text);
  return {
    kind,
    text,
    syntax,
    lines,
    root: parsed.root,
    value: parsed.root && toPlain(parsed.root),
    parseFindings: [...parsed.findings, ...duplicateKeyFindings(parsed.root, lines)],
    broken: parsed.broken,
    unreadable: false,
  };
}
