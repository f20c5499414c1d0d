import { z } from 'zod';
import { ExperimentName, ModelSelection, RunOptions, TrainValSplitSettings } from '../schemas/appState';
import {
  ArtifactFile,
  ComparedRun,
  ConversionPreview,
  EvaluationView,
  ExperimentSummary,
  MetricPoint,
  ModelsView,
  PanelSession,
  ProjectCandidate,
  ProjectState,
  RunView,
  SplitPreview,
  TextDiagnostic,
} from './views';

// Every message that crosses the webview boundary is declared here, once, and checked on arrival on both
// sides: the webview is a separate, untrusted context, so the host never acts on an unparsed message, and
// the panel never renders one. An invalid message is dropped and logged.

/**
 * Absolute on either platform, decided from the text alone (core has no `path`): POSIX `/…`, a Windows drive
 * `C:\…` or `C:/…`, or a UNC share `\\server\…`. The host still resolves and guards every path; a relative
 * one would be resolved against whatever the extension host's working folder happens to be.
 */
const isAbsolutePath = (text: string): boolean =>
  text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text) || text.startsWith('\\\\');

const absolutePath = z
  .string()
  .refine(isAbsolutePath, 'must be an absolute path (/…, C:\\… or \\\\server\\…)');

/** One change to app_state.json; the host applies it to the file as it is on disk, keeping everything else. */
export const PanelEdit = z.discriminatedUnion('field', [
  /** A dataset folder; the host writes it relative to the app_state file. */
  z.object({ field: z.literal('project'), value: absolutePath }),
  z.object({ field: z.literal('split'), value: TrainValSplitSettings }),
  /** Empty: every class. */
  z.object({ field: z.literal('classes'), value: z.array(z.string().min(1)) }),
  z.object({ field: z.literal('model'), value: ModelSelection }),
  /** YAML text; empty: the framework's defaults. */
  z.object({ field: z.literal('hyperparameters'), value: z.string() }),
  z.object({ field: z.literal('options'), value: RunOptions }),
  /** Null removes the name: the trainer names the experiment after its folder. */
  z.object({ field: z.literal('experimentName'), value: ExperimentName.nullable() }),
]);
export type PanelEdit = z.infer<typeof PanelEdit>;

/** Experiments the Compare card may overlay at once. */
export const MAX_COMPARED = 8;

export const WebviewToHostMessage = z.discriminatedUnion('type', [
  /** The page has loaded and listens: the host sends nothing before this. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('edit'), edit: PanelEdit }),
  /** Show a folder dialog for the project. */
  z.object({ type: z.literal('browseProject') }),
  /** Open the app_state file itself in a text editor, at its `hyperparameters` key. */
  z.object({ type: z.literal('openHyperparameters') }),
  /** Train the panel's app_state file, through the same CLI as the task provider. */
  z.object({ type: z.literal('start') }),
  /** Stop the followed experiment gracefully. */
  z.object({ type: z.literal('stop') }),
  /** Read-only panel: train again with the experiment's settings. */
  z.object({ type: z.literal('rerun') }),
  /** Read-only panel: a new app_state that starts from one of the experiment's checkpoints. */
  z.object({ type: z.literal('fineTune'), checkpoint: z.string().min(1) }),
  z.object({ type: z.literal('openFile'), path: absolutePath }),
  z.object({ type: z.literal('revealFile'), path: absolutePath }),
  z.object({ type: z.literal('compare'), dirs: z.array(absolutePath).max(MAX_COMPARED) }),
]);
export type WebviewToHostMessage = z.infer<typeof WebviewToHostMessage>;

export const HostToWebviewMessage = z.discriminatedUnion('type', [
  /** The app_state file as parsed, the framework's app_options; again after every change to the file. */
  z.object({ type: z.literal('session'), session: PanelSession }),
  z.object({ type: z.literal('projectCandidates'), candidates: z.array(ProjectCandidate) }),
  z.object({ type: z.literal('project'), state: ProjectState }),
  /** Null: no project or split to preview yet. */
  z.object({ type: z.literal('splitPreview'), preview: SplitPreview.nullable() }),
  /** Null: no project or model yet. */
  z.object({ type: z.literal('conversionPreview'), preview: ConversionPreview.nullable() }),
  z.object({ type: z.literal('models'), models: ModelsView }),
  z.object({ type: z.literal('hyperparameterDiagnostics'), diagnostics: z.array(TextDiagnostic) }),
  /** Null: no experiment to follow yet. */
  z.object({ type: z.literal('run'), run: RunView.nullable() }),
  /**
   * Chart points, append-only: the panel appends them to what it holds for `experimentDir`. `reset` replaces
   * what it holds instead: the first delta of an experiment, and after the page was reloaded.
   */
  z.object({
    type: z.literal('metrics'),
    experimentDir: absolutePath,
    reset: z.boolean(),
    points: z.array(MetricPoint),
  }),
  /** The log tail, append-only like `metrics`. */
  z.object({
    type: z.literal('log'),
    experimentDir: absolutePath,
    reset: z.boolean(),
    lines: z.array(z.string()),
  }),
  z.object({ type: z.literal('artifacts'), experimentDir: absolutePath, files: z.array(ArtifactFile) }),
  /** Null: the experiment has not been evaluated. */
  z.object({
    type: z.literal('evaluation'),
    experimentDir: absolutePath,
    evaluation: EvaluationView.nullable(),
  }),
  /** Every experiment in the workspace, newest first: what Compare offers. */
  z.object({ type: z.literal('experiments'), experiments: z.array(ExperimentSummary) }),
  z.object({ type: z.literal('comparison'), runs: z.array(ComparedRun) }),
  z.object({
    type: z.literal('notice'),
    level: z.enum(['info', 'warning', 'error']),
    message: z.string().min(1),
  }),
]);
export type HostToWebviewMessage = z.infer<typeof HostToWebviewMessage>;
export type HostMessageOf<Type extends HostToWebviewMessage['type']> = Extract<
  HostToWebviewMessage,
  { type: Type }
>;

/**
 * What the page keeps with vscode.setState, so that a reload (the serializer) reopens the same subject. The
 * host parses it like any other message before it trusts a path in it.
 */
export const PanelPersistedState = z.object({
  /** Said, not inferred: a state without it (or a read-only one without its experiment) is not restored. */
  mode: z.enum(['edit', 'readOnly']),
  appStateFile: absolutePath,
  /** Set for a read-only panel on an experiment. */
  experimentDir: absolutePath.optional(),
});
export type PanelPersistedState = z.infer<typeof PanelPersistedState>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): ParseResult<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const first = result.error.issues[0];
  const where = first && first.path.length > 0 ? ` at '${first.path.join('.')}'` : '';
  return { ok: false, error: `invalid message${where}: ${first?.message ?? 'unknown problem'}` };
}

export const parseWebviewToHost = (raw: unknown): ParseResult<WebviewToHostMessage> =>
  parseWith(WebviewToHostMessage, raw);
export const parseHostToWebview = (raw: unknown): ParseResult<HostToWebviewMessage> =>
  parseWith(HostToWebviewMessage, raw);
export const parsePersistedState = (raw: unknown): ParseResult<PanelPersistedState> =>
  parseWith(PanelPersistedState, raw);
