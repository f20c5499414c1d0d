import type {
  CardId,
  ModelsView,
  PanelSession,
  ProjectState,
  RunView,
  SplitPreview,
  TextDiagnostic,
} from './views';
import { CARD_IDS } from './views';

// Which cards the panel shows, which it lets the user edit, and which are done: the next card is gated on
// every shown card before it, as in the reference GUI. Pure, so the gating is tested without a browser.

/** The cards that configure a run; Run is gated on all of them, the cards after Run on nothing. */
export const SETUP_CARDS = ['project', 'split', 'classes', 'model', 'hyperparameters', 'options'] as const;
type SetupCard = (typeof SETUP_CARDS)[number];

export interface CardState {
  readonly visible: boolean;
  /** Every shown card before it is done (always true after Run). */
  readonly enabled: boolean;
  readonly done: boolean;
  /** The first shown card before it that is not done. */
  readonly waitingFor?: CardId;
  /** Why it is not done, in a sentence. */
  readonly problem?: string;
  /** app_options `collapsable`: the card folds, and folds itself once when it is done. */
  readonly collapsible: boolean;
}

/** The latest of each host message the gating depends on; absent until the host has sent it. */
export interface PanelFacts {
  readonly session?: PanelSession;
  readonly project?: ProjectState;
  readonly splitPreview?: SplitPreview | null;
  readonly models?: ModelsView;
  readonly hyperparameterDiagnostics?: readonly TextDiagnostic[];
  readonly run?: RunView | null;
}

function visibleCards(session: PanelSession | undefined): ReadonlySet<CardId> {
  const options = session?.framework?.appOptions;
  const hidden = new Set<CardId>();
  if (options) {
    if (!options.train_val_splits_selector.enabled) hidden.add('split');
    if (!options.classes_selector.enabled) hidden.add('classes');
    if (!options.model_selector.enabled) hidden.add('model');
    if (!options.model_benchmark) hidden.add('evaluation');
  }
  return new Set(CARD_IDS.filter((id) => !hidden.has(id)));
}

function fileProblem(session: PanelSession | undefined, card: CardId): string | undefined {
  const problem = session?.problems.find((candidate) => candidate.card === card);
  return problem === undefined ? undefined : `${problem.field}: ${problem.message}`;
}

/** Why a setup card is not done, or undefined when it is. */
function setupProblem(card: SetupCard, facts: PanelFacts): string | undefined {
  const fromFile = fileProblem(facts.session, card);
  if (fromFile !== undefined) return fromFile;
  const settings = facts.session?.settings;
  switch (card) {
    case 'project':
      if (facts.project?.status === 'ready') return undefined;
      if (facts.project?.status === 'error') return facts.project.message;
      if (facts.project?.status === 'loading') return 'Reading the project…';
      return 'Choose a dataset folder.';
    case 'split':
      if (facts.splitPreview?.status === 'error') return facts.splitPreview.message;
      if (facts.splitPreview?.status !== 'ready') return 'Choose how to split the project.';
      if (facts.splitPreview.train === 0) return 'The split leaves train empty.';
      if (facts.splitPreview.val === 0) return 'The split leaves val empty.';
      return undefined;
    case 'classes':
      return unknownClasses(facts);
    case 'model':
      return settings?.model === undefined ? 'Choose a model.' : undefined;
    case 'hyperparameters': {
      const errors = (facts.hyperparameterDiagnostics ?? []).filter((each) => each.severity === 'error');
      const [first] = errors;
      return first === undefined ? undefined : `Line ${String(first.line + 1)}: ${first.message}`;
    }
    case 'options':
      return undefined;
  }
}

/** Classes app_state.json selects that the project does not have: training would fail on them. */
function unknownClasses({ project, session }: PanelFacts): string | undefined {
  if (project?.status !== 'ready' || session === undefined) return undefined;
  const known = new Set(project.view.classes.map((row) => row.name));
  const unknown = session.settings.classes.filter((name) => !known.has(name));
  if (unknown.length === 0) return undefined;
  return `The project has no class ${unknown.map((name) => `'${name}'`).join(', ')}; select the classes again.`;
}

const isSetupCard = (card: CardId): card is SetupCard => (SETUP_CARDS as readonly CardId[]).includes(card);

export function cardStates(facts: PanelFacts): Readonly<Record<CardId, CardState>> {
  const visible = visibleCards(facts.session);
  const collapsible = facts.session?.framework?.appOptions.collapsable ?? false;
  const states = {} as Record<CardId, CardState>;
  let waitingFor: CardId | undefined;
  for (const card of CARD_IDS) {
    const shown = visible.has(card);
    const problem = isSetupCard(card) ? setupProblem(card, facts) : undefined;
    // A live run stays stoppable even when a setup card stops being done under it (the file was edited).
    const gated = isSetupCard(card) || (card === 'run' && facts.run?.live !== true);
    states[card] = {
      visible: shown,
      enabled: !gated || waitingFor === undefined,
      done: problem === undefined,
      collapsible,
      ...(gated && waitingFor !== undefined ? { waitingFor } : {}),
      ...(problem === undefined ? {} : { problem }),
    };
    if (shown && problem !== undefined) waitingFor ??= card;
  }
  return states;
}
