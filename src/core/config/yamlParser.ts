import { Composer, Parser, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Alias, CST, Document, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import type { LocatedEntry, LocatedNode, LocatedObject, Span } from './located';
import { MAX_ALIAS_NODES, MAX_NESTING_DEPTH } from './limits';
import type { ParsedSyntax } from './parsedSyntax';
import { tooDeepFinding } from './parsedSyntax';
import type { OffsetFinding } from './types';
import { offsetFinding } from './types';

// YAML text → the located tree, through the yaml package's own parser and composer, keeping its error
// positions. Aliases are expanded: their content takes the span of the alias (`*name`) that uses it, so a
// problem inside anchored content is reported where this part of the document refers to it, and no edit
// is ever offered there (`fromAlias`). Merge keys (`<<: *base`) are expanded the same way.

/** The composer recurses once per level, so the depth is measured first, on the flat token tree. */
function firstTooDeepOffset(tokens: readonly CST.Token[]): number | undefined {
  const stack: { token: CST.Token | undefined; depth: number }[] = tokens.map((token) => ({
    token,
    depth: 0,
  }));
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { token, depth } = next;
    if (!token) continue;
    if (token.type === 'document') stack.push({ token: token.value, depth });
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_NESTING_DEPTH) return token.offset;
      for (const item of token.items) {
        if ('key' in item) stack.push({ token: item.key ?? undefined, depth: depth + 1 });
        stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

class BuildStop extends Error {
  constructor(readonly finding: OffsetFinding) {
    super(finding.message);
  }
}

const spanOf = (node: YamlNode): Span => {
  const [start, end] = node.range ?? [0, 0];
  return { start, end };
};

/** A block collection's range runs on over the line break after its last value; stop at that value. */
function trimmedEnd(text: string, span: Span): Span {
  let { end } = span;
  while (end > span.start && /\s/.test(text.charAt(end - 1))) end -= 1;
  return { start: span.start, end };
}

class LocatedTreeBuilder {
  readonly findings: OffsetFinding[] = [];
  broken = false;
  private aliasNodes = 0;
  /** The collections being built through aliases, to catch an alias inside its own anchor. */
  private readonly resolving = new Set<YamlNode>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
  ) {}

  /** `site` is the span of the outermost alias this content is reached through, if any. */
  build(node: YamlNode | null, fallback: Span, depth: number, site?: Span): LocatedNode {
    if (site) {
      this.aliasNodes += 1;
      if (this.aliasNodes > MAX_ALIAS_NODES) {
        const message = `Aliases here expand to more than ${MAX_ALIAS_NODES.toLocaleString('en')} values; Train Studio does not check a file that large. Write the values out, or use fewer nested aliases.`;
        throw new BuildStop(offsetFinding('error', 'too-large', site, message));
      }
    }
    const span = site ?? (node ? spanOf(node) : fallback);
    const origin = site ? { fromAlias: true as const } : {};
    if (node === null) return { kind: 'scalar', ...span, value: null, ...origin };
    if (isAlias(node)) return this.alias(node, span, depth, site);
    if (isScalar(node)) {
      const { value } = node;
      const plain =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
          ? value
          : typeof value === 'bigint'
            ? Number(value)
            : (node.source ?? '');
      return { kind: 'scalar', ...span, value: plain, ...origin };
    }
    if (depth > MAX_NESTING_DEPTH) throw new BuildStop(tooDeepFinding(span.start));
    const collectionSpan = site ?? trimmedEnd(this.text, span);
    if (isSeq(node)) {
      const items = node.items.map((item) =>
        this.build(item as YamlNode | null, collectionSpan, depth + 1, site),
      );
      return { kind: 'array', ...collectionSpan, items, ...origin };
    }
    if (isMap(node)) {
      return this.map(node as YAMLMap<YamlNode | null, YamlNode | null>, collectionSpan, depth, site);
    }
    return { kind: 'scalar', ...span, value: null, ...origin };
  }

  private alias(node: Alias, span: Span, depth: number, site: Span | undefined): LocatedNode {
    const target = node.resolve(this.doc);
    if (!target || this.resolving.has(target)) {
      const message = target
        ? `The alias \`*${node.source}\` is inside the node its anchor names, which would make the value endless.`
        : `Unknown alias \`*${node.source}\`: no anchor \`&${node.source}\` comes before it.`;
      this.findings.push(
        offsetFinding('error', target ? 'alias-cycle' : 'unknown-alias', spanOf(node), message),
      );
      this.broken = true;
      return { kind: 'scalar', ...span, value: null, fromAlias: true };
    }
    this.resolving.add(target);
    const located = this.build(target, span, depth, site ?? span);
    this.resolving.delete(target);
    return located;
  }

  private map(
    node: YAMLMap<YamlNode | null, YamlNode | null>,
    span: Span,
    depth: number,
    site: Span | undefined,
  ): LocatedObject {
    const entries: LocatedEntry[] = [];
    const merged: LocatedEntry[] = [];
    for (const pair of node.items) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === 'symbol') {
        merged.push(...this.mergedEntries(pair, span, depth, site));
        continue;
      }
      const keySpan = site ?? (key ? spanOf(key) : span);
      const name = this.keyName(key, keySpan);
      if (name === undefined) continue;
      const value = this.build(pair.value, { start: keySpan.end, end: keySpan.end }, depth + 1, site);
      entries.push({ key: name, keySpan, value, ...(site ? { fromAlias: true as const } : {}) });
    }
    // Keys written in the map win over merged ones, and earlier merge sources over later ones.
    const written = new Set(entries.map((entry) => entry.key));
    for (const entry of merged) {
      if (written.has(entry.key)) continue;
      written.add(entry.key);
      entries.push(entry);
    }
    return { kind: 'object', ...span, entries, ...(site ? { fromAlias: true as const } : {}) };
  }

  private keyName(key: YamlNode | null, keySpan: Span): string | undefined {
    if (key === null) return '';
    const scalar = isAlias(key) ? key.resolve(this.doc) : key;
    if (isScalar(scalar))
      return typeof scalar.value === 'string' ? scalar.value : String(scalar.source ?? scalar.value);
    this.findings.push(
      offsetFinding(
        'error',
        'syntax',
        keySpan,
        'A key must be a plain name; a list or mapping cannot be a key here.',
      ),
    );
    this.broken = true;
    return undefined;
  }

  private mergedEntries(
    pair: Pair<YamlNode | null, YamlNode | null>,
    span: Span,
    depth: number,
    site: Span | undefined,
  ): LocatedEntry[] {
    const sources = isSeq(pair.value) ? (pair.value.items as YamlNode[]) : [pair.value];
    return sources.flatMap((source) => {
      const located = this.build(source, span, depth, site);
      if (located.kind === 'object') return located.entries;
      this.findings.push(
        offsetFinding(
          'error',
          'syntax',
          located,
          'A merge key `<<` takes a mapping or a list of mappings, such as `<<: *defaults`.',
        ),
      );
      this.broken = true;
      return [];
    });
  }
}

const YAML_CODES: Readonly<Record<string, string>> = { TAB_AS_INDENT: 'tab-indent' };

/** yaml's wording where a plainer one helps; its other messages read well as they are. */
function rewordYamlMessage(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return 'Tabs are not allowed as indentation in YAML; indent with spaces.';
  const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
  if (quote !== undefined) return `A quoted string is not closed: add the closing ${quote}.`;
  if (message.startsWith('Implicit map keys need to be followed by map values')) {
    return 'Expected `:` after this key: write `key: value`.';
  }
  return `${message.replace(/[.:]?$/, '')}.`;
}

function yamlFinding(
  problem: { code: string; message: string; pos: [number, number] },
  severity: 'error' | 'warning',
): OffsetFinding {
  const message = rewordYamlMessage(problem.code, problem.message);
  const [start, end] = problem.pos;
  return offsetFinding(severity, YAML_CODES[problem.code] ?? 'syntax', { start, end }, message);
}

function multipleDocumentsFinding(tokens: readonly CST.Token[], text: string): OffsetFinding {
  const second = tokens.filter((token) => token.type === 'document')[1];
  const marker =
    second?.type === 'document' ? second.start.find((token) => token.type === 'doc-start') : undefined;
  const start = marker?.offset ?? second?.offset ?? 0;
  const lineEnd = text.slice(start).search(/[\r\n]|$/);
  const message =
    'A config file holds one YAML document; remove this `---` and what follows, or merge it into the first document.';
  return offsetFinding('error', 'multiple-documents', { start, end: start + lineEnd }, message);
}

export function parseYaml(text: string): ParsedSyntax {
  const tokens = Array.from(new Parser().parse(text));
  const tooDeep = firstTooDeepOffset(tokens);
  if (tooDeep !== undefined) return { root: undefined, findings: [tooDeepFinding(tooDeep)], broken: true };
  const composer = new Composer({ merge: true, uniqueKeys: false });
  const [doc, ...more] = Array.from(composer.compose(tokens, true, text.length));
  if (!doc) return { root: undefined, findings: [], broken: false };
  const findings: OffsetFinding[] = [];
  // After the first error, yaml's recovery often reports the same mistake again in other words.
  const [firstError] = doc.errors;
  if (firstError) findings.push(yamlFinding(firstError, 'error'));
  for (const warning of doc.warnings) findings.push(yamlFinding(warning, 'warning'));
  if (more.length > 0) findings.push(multipleDocumentsFinding(tokens, text));
  const builder = new LocatedTreeBuilder(doc, text);
  try {
    const root = doc.contents === null ? undefined : builder.build(doc.contents, { start: 0, end: 0 }, 1);
    findings.push(...builder.findings);
    return { root, findings, broken: doc.errors.length > 0 || builder.broken };
  } catch (error) {
    if (!(error instanceof BuildStop)) throw error;
    return { root: undefined, findings: [...findings, error.finding], broken: true };
  }
}
