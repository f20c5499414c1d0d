import fs from 'node:fs';
import path from 'node:path';
import { applyEdits, format, modify } from 'jsonc-parser';
import type { FormattingOptions, JSONPath } from 'jsonc-parser';
import type { z } from 'zod';
import { parseConfig } from '../../../core/config';
import { CONFIG_KINDS, MODEL_SOURCES } from '../../../core/names';
import type { PanelEdit } from '../../../core/panel/messages';
import type { CardId, FieldProblem, PanelSettings } from '../../../core/panel/views';
import { AppState, ModelSelection, RunOptions, TrainValSplitSettings } from '../../../core/schemas';
import { writeFileAtomic } from '../../../data/atomicWrite';
import { posixRelative } from '../../../data/paths';
import { UserError } from '../userError';

// No vscode. The panel's view of one app_state file, and its edits to it. Each part of the file is parsed on
// its own, so one bad field leaves the other cards usable, and each problem lands on the card that edits
// that part. An edit changes one key of the file as it is on disk now (someone may have edited it since
// the panel last read it) and leaves every other byte as it was: people diff and commit these files, so
// their indentation, line ends and one-line arrays must survive a click in the panel.

export interface AppStateReading {
  readonly settings: PanelSettings;
  readonly problems: FieldProblem[];
  /** `builtin` or a framework folder relative to the file. */
  readonly framework: string;
  /** The project folder, absolute; undefined while none is set. */
  readonly projectDir: string | undefined;
}

interface Part<T> {
  readonly key: string;
  readonly card: CardId;
  readonly schema: z.ZodType<T>;
  /** Said when the key is absent and the schema has no default. */
  readonly missing?: string;
}

const { shape } = AppState;
const PARTS = {
  framework: { key: 'framework', card: 'model', schema: shape.framework },
  input: { key: 'input', card: 'project', schema: shape.input, missing: 'No project chosen yet.' },
  split: {
    key: 'train_val_split',
    card: 'split',
    schema: TrainValSplitSettings,
    missing: 'No train/val split chosen yet.',
  },
  classes: { key: 'classes', card: 'classes', schema: shape.classes },
  model: { key: 'model', card: 'model', schema: ModelSelection, missing: 'No model chosen yet.' },
  hyperparameters: { key: 'hyperparameters', card: 'hyperparameters', schema: shape.hyperparameters },
  options: { key: 'options', card: 'options', schema: RunOptions },
  experimentName: { key: 'experiment_name', card: 'run', schema: shape.experiment_name },
} as const satisfies Record<string, Part<unknown>>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : String(error);
    throw new UserError(`Cannot read ${file}: ${reason}.`, 'Open the panel on an existing app_state file.');
  }
}

/** The file's top-level object, or the one problem (with line:column) that keeps it from being read. */
function parseTopLevel(
  file: string,
  text: string,
): { value: Record<string, unknown>; text: string } | { problem: string } {
  const document = parseConfig(CONFIG_KINDS.appState, text);
  const syntax = document.parseFindings.find((finding) => finding.severity === 'error');
  if (syntax) {
    const { line, character } = document.lines.positionAt(syntax.start);
    return {
      problem: `${path.basename(file)}:${String(line + 1)}:${String(character + 1)}: ${syntax.message}`,
    };
  }
  if (!isObject(document.value)) {
    return { problem: `${path.basename(file)} must hold a JSON object ({ … }).` };
  }
  return { value: document.value, text };
}

export class AppStateDocument {
  constructor(
    /** Absolute. */
    readonly file: string,
    readonly mode: 'edit' | 'readOnly',
  ) {}

  get dir(): string {
    return path.dirname(this.file);
  }

  /** Throws a UserError when the file cannot be read at all; anything inside it becomes a problem. */
  read(): AppStateReading {
    const parsed = parseTopLevel(this.file, readText(this.file));
    const problems: FieldProblem[] = [];
    const raw = 'value' in parsed ? parsed.value : {};
    if ('problem' in parsed) problems.push({ card: 'project', field: '', message: parsed.problem });
    const part = <T>(spec: Part<T>): T | undefined => {
      const value = raw[spec.key];
      if (value === undefined && spec.missing !== undefined) {
        // A file that did not parse has its one problem already.
        if ('value' in parsed) problems.push({ card: spec.card, field: spec.key, message: spec.missing });
        return undefined;
      }
      const result = spec.schema.safeParse(value);
      if (result.success) return result.data;
      for (const issue of result.error.issues) {
        const field = [spec.key, ...issue.path.map(String)].join('.');
        problems.push({ card: spec.card, field, message: `${field}: ${issue.message}` });
      }
      return undefined;
    };
    // In card order, so the problems are too.
    const framework = part(PARTS.framework) ?? shape.framework.parse(undefined);
    const input = part(PARTS.input);
    const split = part(PARTS.split);
    const classes = part(PARTS.classes) ?? [];
    const model = part(PARTS.model);
    const hyperparameters = part(PARTS.hyperparameters) ?? '';
    const options = part(PARTS.options) ?? RunOptions.parse({});
    const experimentName = part(PARTS.experimentName);
    const settings: PanelSettings = {
      ...(input && { project: input.project }),
      ...optional('split', split),
      classes,
      ...optional('model', model),
      hyperparameters,
      options,
      ...optional('experimentName', experimentName),
    };
    return {
      settings,
      problems,
      framework,
      projectDir: input && path.resolve(this.dir, input.project),
    };
  }

  /** Writes `edit` into the file as it is on disk now; refuses in a read-only panel and on a broken file. */
  apply(edit: PanelEdit): void {
    if (this.mode === 'readOnly') {
      throw new UserError(
        `The panel shows ${this.file} read-only: it is an experiment's copy of its settings.`,
        'Re-run or fine-tune the experiment to train with changed settings.',
      );
    }
    const parsed = parseTopLevel(this.file, readText(this.file));
    if ('problem' in parsed) {
      throw new UserError(
        `Cannot change ${this.file}: ${parsed.problem}`,
        'Fix the file in the editor first.',
      );
    }
    const [where, value] = this.entryOf(edit, parsed.value);
    const edited = editedText(parsed.text, where, value);
    if (edited !== parsed.text) writeFileAtomic(this.file, edited);
  }

  /** Where in the file the edit goes and its new value (undefined: remove the key). */
  private entryOf(edit: PanelEdit, raw: Record<string, unknown>): [JSONPath, unknown] {
    switch (edit.field) {
      case 'project':
        // Only the project changes: any other input settings keep their text.
        return isObject(raw.input)
          ? [['input', 'project'], this.relative(edit.value)]
          : [['input'], { project: this.relative(edit.value) }];
      case 'split':
        return [[PARTS.split.key], edit.value];
      case 'classes':
        return [[PARTS.classes.key], edit.value];
      case 'model':
        return [
          [PARTS.model.key],
          edit.value.source === MODEL_SOURCES.custom
            ? { ...edit.value, experiment: this.relative(edit.value.experiment) }
            : edit.value,
        ];
      case 'hyperparameters':
        return [[PARTS.hyperparameters.key], edit.value];
      case 'options':
        return [[PARTS.options.key], edit.value];
      case 'experimentName':
        return [[PARTS.experimentName.key], edit.value ?? undefined];
    }
  }

  /** Paths in app_state are relative to its folder, with `/` on every platform. */
  private relative(target: string): string {
    return posixRelative(this.dir, path.resolve(this.dir, target));
  }
}

/**
 * `text` with the value at `where` set (an existing key changed where it stands, a new one last) or, when
 * undefined, removed. Only the new text is laid out: jsonc-parser's own formatting of an insertion or a
 * removal lays out the whole lines around it, reflowing a neighbour's one-line array or object.
 */
function editedText(text: string, where: JSONPath, value: unknown): string {
  const [edit] = modify(text, where, value, {});
  if (edit === undefined) return text;
  const edited = applyEdits(text, [edit]);
  if (edit.content === '') return edited;
  const range = { offset: edit.offset, length: edit.content.length };
  return applyEdits(edited, format(edited, range, formattingOf(text)));
}

/** The file's own layout (its first indented line's indent, its line end), for the text an edit inserts. */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t')
    ? { insertSpaces: false, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

function optional<Key extends string, T>(key: Key, value: T | undefined): Partial<Record<Key, T>> {
  return value === undefined ? {} : ({ [key]: value } as Record<Key, T>);
}
