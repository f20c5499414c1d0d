import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { HostToWebviewMessage } from '../../../../src/core/panel/messages';
import { writeExperimentInfo } from '../../../../src/trainapp/experiments';
import { AppStateDocument } from '../../../../src/extension/workbench/panel/appStateDocument';
import {
  CardFeed,
  EXPERIMENTS_DEBOUNCE_MS,
  PREVIEW_DEBOUNCE_MS,
  SentKeys,
} from '../../../../src/extension/workbench/panel/cardFeed';
import { PathGuard } from '../../../../src/extension/workbench/panel/pathGuard';
import { editSubject, experimentSubject } from '../../../../src/extension/workbench/panel/subject';
import type { PanelSubject } from '../../../../src/extension/workbench/panel/subject';
import { experimentInfoOf } from '../../../fixtures/experimentInfo';
import { quickAppState } from '../../../fixtures/quickRun';
import { REPO_ROOT } from '../../../paths';
import { makeWorkspace } from '../commands/testWorkspace';
import type { TestWorkspace } from '../commands/testWorkspace';

// The cards' feed on a real workspace (class folders, a Supervisely project, a trained experiment) and the
// real data builders: which views go to the page when it opens, after each kind of edit of the file, when
// an experiment appears, and when a builder fails.

const BUILTIN_DIR = path.join(REPO_ROOT, 'frameworks', 'tfjs');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SentKeys', () => {
  it('claims a message once per key, and again when the key changes', () => {
    const keys = new SentKeys();
    assert.equal(keys.claim('models', 'a'), true);
    assert.equal(keys.claim('models', 'a'), false);
    assert.equal(keys.claim('experiments', 'a'), true, 'each message type has its own key');
    assert.equal(keys.claim('models', 'b'), true);
    assert.equal(keys.claim('models', 'a'), true, 'only the last key counts');
  });

  it('claims a released message again with the same key (its send failed)', () => {
    const keys = new SentKeys();
    keys.claim('models', 'a');
    keys.release('models');
    assert.equal(keys.claim('models', 'a'), true);
    assert.equal(keys.claim('experiments', 'x'), true);
  });

  it('claims everything again once cleared (the page was reloaded)', () => {
    const keys = new SentKeys();
    keys.claim('models', 'a');
    keys.claim('project', '/p');
    keys.clear();
    assert.equal(keys.claim('models', 'a'), true);
    assert.equal(keys.claim('project', '/p'), true);
  });
});

describe('CardFeed', () => {
  let workspace: TestWorkspace;
  let file: string;
  let document: AppStateDocument;
  let feed: CardFeed;
  let sent: HostToWebviewMessage[];
  let failures: string[];
  let followed: (string | undefined)[];
  let rootsFail = false;

  before(() => {
    workspace = makeWorkspace('panel-feed');
    file = path.join(workspace.root, 'app_state.json');
  });

  after(() => {
    fs.rmSync(workspace.root, { recursive: true, force: true });
  });

  const writeAppState = () => {
    fs.writeFileSync(file, JSON.stringify({ framework: 'tfjs', ...quickAppState('data/shapes') }, null, 2));
  };

  /** A new feed of `subject`'s file, with nothing sent yet. */
  function feedOf(subject: PanelSubject): void {
    document = new AppStateDocument(subject.appStateFile, subject.mode);
    sent = [];
    failures = [];
    followed = [];
    const roots = () => {
      if (rootsFail) throw new Error('no roots');
      return { workspaceFolders: [workspace.root], experimentsDirs: [workspace.experimentsDir] };
    };
    feed = new CardFeed(
      {
        subject,
        document,
        builtinDir: BUILTIN_DIR,
        guard: new PathGuard(roots),
        trusted: () => true,
        label: (target) => path.relative(workspace.root, target),
      },
      {
        send: (message) => sent.push(message),
        fail: (what, error) => failures.push(`${what}: ${String(error)}`),
        follow: (dir) => followed.push(dir),
      },
    );
  }

  beforeEach(() => {
    writeAppState();
    rootsFail = false;
    feedOf(editSubject(file));
  });

  /** Lets the debounced refresh run, then waits for any refresh under way; returns what was sent meanwhile. */
  async function settle(waitMs = PREVIEW_DEBOUNCE_MS + 50): Promise<HostToWebviewMessage[]> {
    await sleep(waitMs);
    await feed.refreshDerived();
    const messages = sent;
    sent = [];
    return messages;
  }

  const typesOf = (messages: HostToWebviewMessage[]) => messages.map((message) => message.type);

  async function opened(): Promise<HostToWebviewMessage[]> {
    feed.pageReady(false);
    return settle();
  }

  const messageOf = <T extends HostToWebviewMessage['type']>(messages: HostToWebviewMessage[], type: T) =>
    messages.find((message): message is Extract<HostToWebviewMessage, { type: T }> => message.type === type);

  it('sends the session and every derived view when the page is ready', async () => {
    const messages = await opened();
    assert.deepEqual(typesOf(messages), [
      'session',
      'projectCandidates',
      'experiments',
      'models',
      'hyperparameterDiagnostics',
      'project',
      'project',
      'splitPreview',
      'conversionPreview',
    ]);
    const projects = messages.filter((message) => message.type === 'project');
    assert.deepEqual(
      projects.map((message) => message.state.status),
      ['loading', 'ready'],
    );
    // Guards: notEqual(undefined, null) passes, so a message never sent would pass the two checks below.
    assert.ok(messageOf(messages, 'splitPreview'), 'a split preview was sent');
    assert.ok(messageOf(messages, 'conversionPreview'), 'a conversion preview was sent');
    assert.notEqual(messageOf(messages, 'splitPreview')?.preview, null);
    assert.notEqual(messageOf(messages, 'conversionPreview')?.preview, null, 'Classifier-S classifies');
    assert.equal(messageOf(messages, 'session')?.session.appStateLabel, 'app_state.json');
    assert.equal(followed.at(-1), undefined, 'no run was started from this file yet');
    assert.deepEqual(failures, []);
  });

  it('after a split edit, resends the session and the split preview alone', async () => {
    await opened();
    document.apply({
      field: 'split',
      value: { method: 'random', split: 'train', percent: 50, seed: 3, stratify: false },
    });
    feed.fileChanged();
    assert.deepEqual(typesOf(sent), ['session'], 'the session at once, the previews debounced');
    assert.deepEqual(typesOf(await settle()), ['session', 'splitPreview']);
  });

  it('does not read the collection files of a split that lead outside the workspace, and says so', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-feed-outside-'));
    try {
      const secret = path.join(outside, 'secret.txt');
      fs.writeFileSync(secret, 'root:x:0:0:secret-line\n');
      fs.writeFileSync(path.join(workspace.root, 'inside.txt'), 'root:x:0:0:secret-line\n');
      await opened();
      // Written outside the panel (the panel's own edits are checked before they are written).
      const split = (collection: string) => ({
        method: 'collections' as const,
        train_collections: ['inside.txt'],
        val_collections: [collection],
      });
      document.apply({ field: 'split', value: split(secret) });
      feed.fileChanged();
      const refused = messageOf(await settle(), 'splitPreview')?.preview;
      assert.ok(refused?.status === 'error', 'the split preview is an error');
      const { message } = refused;
      assert.match(message, /outside the workspace folders and the experiments folders/);
      assert.ok(message.includes(secret), 'names the file');
      assert.match(message, /Choose a collection file of the project instead/);
      assert.doesNotMatch(message, /secret-line/, 'nothing of the file reaches the page');
      // The same lines in a file of the workspace are read (and fail as a split, which is the user's to see).
      document.apply({ field: 'split', value: split('inside.txt') });
      feed.fileChanged();
      const read = messageOf(await settle(), 'splitPreview')?.preview;
      assert.ok(read, 'the split preview of the files inside is computed');
      assert.doesNotMatch(read.status === 'error' ? read.message : '', /outside the workspace/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
      fs.rmSync(path.join(workspace.root, 'inside.txt'), { force: true });
    }
  });

  it('does not read a project outside the workspace that the file names, and says so', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-feed-outside-'));
    try {
      // A dataset anyone could read, with a class of its own: the page must not learn of it.
      const project = path.join(outside, 'private');
      fs.cpSync(workspace.shapes, project, { recursive: true });
      fs.renameSync(path.join(project, 'ring'), path.join(project, 'secretclass'));
      // Written outside the panel (the panel's own edits are checked before they are written).
      fs.writeFileSync(file, JSON.stringify({ framework: 'tfjs', ...quickAppState(project) }));
      const messages = await opened();
      const states = messages.flatMap((message) => (message.type === 'project' ? [message.state] : []));
      assert.deepEqual(states, [
        {
          status: 'error',
          path: project,
          message: `${project} is outside the workspace folders and the experiments folders, so the panel does not read it.`,
          hint: 'Choose a project of the workspace.',
        },
      ]);
      assert.equal(messageOf(messages, 'splitPreview')?.preview, null);
      assert.equal(messageOf(messages, 'conversionPreview')?.preview, null);
      assert.doesNotMatch(JSON.stringify(messages), /secretclass/, 'nothing of the dataset is sent');
      assert.deepEqual(failures, [], 'a card state, not a failure');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('does not read a framework folder outside the workspace that the file names, and says so', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-feed-outside-'));
    try {
      const framework = path.join(outside, 'elsewhere');
      fs.mkdirSync(framework);
      const models = fs.readFileSync(path.join(BUILTIN_DIR, 'models.json'), 'utf8');
      fs.writeFileSync(path.join(framework, 'models.json'), models.replace('Classifier-S', 'Secret-Model'));
      // Relative to the file, as app_state names frameworks.
      const relative = path.relative(workspace.root, framework);
      fs.writeFileSync(file, JSON.stringify({ ...quickAppState('data/shapes'), framework: relative }));
      const messages = await opened();
      const refusal = `The framework folder ${framework} is outside the workspace folders and the experiments folders, so the panel does not read it. Choose a framework of the workspace.`;
      const session = messageOf(messages, 'session')?.session;
      assert.deepEqual(
        session?.problems.filter((problem) => problem.field === 'framework'),
        [{ card: 'model', field: 'framework', message: refusal }],
      );
      assert.equal(session.framework, undefined);
      assert.deepEqual(messageOf(messages, 'models')?.models, {
        columns: [],
        pretrained: [],
        custom: [],
        error: refusal,
      });
      assert.doesNotMatch(JSON.stringify(messages), /Secret-Model/, 'nothing of models.json is sent');
      // The same folder inside the workspace is read.
      const inside = path.join(workspace.root, 'elsewhere');
      fs.cpSync(framework, inside, { recursive: true });
      try {
        fs.writeFileSync(file, JSON.stringify({ ...quickAppState('data/shapes'), framework: 'elsewhere' }));
        feed.fileChanged();
        assert.match(JSON.stringify(await settle()), /Secret-Model/);
      } finally {
        fs.rmSync(inside, { recursive: true, force: true });
      }
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('after a classes edit, resends both previews', async () => {
    await opened();
    document.apply({ field: 'classes', value: ['square', 'disc'] });
    feed.fileChanged();
    assert.deepEqual(typesOf(await settle()), ['session', 'splitPreview', 'conversionPreview']);
  });

  it('after a hyperparameters edit, resends their diagnostics alone', async () => {
    await opened();
    document.apply({ field: 'hyperparameters', value: 'epochs: 3\n' });
    feed.fileChanged();
    assert.deepEqual(typesOf(await settle()), ['session', 'hyperparameterDiagnostics']);
  });

  it('after a project edit, loads the project again and resends both previews', async () => {
    await opened();
    document.apply({ field: 'project', value: workspace.supervisely });
    feed.fileChanged();
    const messages = await settle();
    assert.deepEqual(typesOf(messages), [
      'session',
      'project',
      'project',
      'splitPreview',
      'conversionPreview',
    ]);
    const ready = messages.filter((message) => message.type === 'project').at(-1);
    assert.equal(ready?.state.status, 'ready');
  });

  it('shows a project that cannot be read on the Project card, with no previews', async () => {
    await opened();
    const missing = path.join(workspace.root, 'data', 'missing');
    document.apply({ field: 'project', value: missing });
    feed.fileChanged();
    const messages = await settle();
    const state = messages.filter((message) => message.type === 'project').at(-1)?.state;
    assert.ok(state?.status === 'error');
    assert.equal(state.path, missing);
    assert.equal(messageOf(messages, 'splitPreview')?.preview, null);
    assert.equal(messageOf(messages, 'conversionPreview')?.preview, null);
    assert.deepEqual(failures, [], 'a card state, not a failure');
    // Fixed on disk, it is read again at the next refresh, though app_state still names the same folder.
    fs.cpSync(workspace.supervisely, missing, { recursive: true });
    feed.fileChanged();
    const again = await settle();
    assert.equal(again.filter((message) => message.type === 'project').at(-1)?.state.status, 'ready');
  });

  it('lists an experiment that appears, and offers its checkpoints as custom models', async () => {
    const before = messageOf(await opened(), 'experiments')?.experiments.length ?? 0;
    const dir = path.join(workspace.experimentsDir, 'shapes', '2_tfjs');
    fs.mkdirSync(path.join(dir, 'checkpoints'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'checkpoints', 'last.json'), '{}\n');
    writeExperimentInfo(
      dir,
      experimentInfoOf({
        experiment_name: 'second',
        framework_name: 'tfjs',
        model_name: 'Classifier-S',
        task_type: 'classification',
        project: '../../../data/shapes',
        source_app_state: '../../../app_state.json',
        status: 'completed',
        checkpoints: ['checkpoints/last.json'],
        epochs: 1,
      }),
    );
    try {
      feed.experimentsChanged();
      feed.experimentsChanged();
      const messages = await settle(EXPERIMENTS_DEBOUNCE_MS + 100);
      assert.deepEqual(typesOf(messages), ['experiments', 'models'], 'a burst of changes is one refresh');
      assert.equal(messageOf(messages, 'experiments')?.experiments.length, before + 1);
      const custom = messageOf(messages, 'models')?.models.custom ?? [];
      assert.ok(custom.some((row) => path.resolve(row.experimentDir) === dir));
      assert.equal(followed.at(-1), dir, 'the run started from this file is followed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows, from a read-only panel, the run started from its experiment (Re-run), else the experiment', async () => {
    feedOf(experimentSubject(workspace.experiment));
    await opened();
    assert.equal(followed.at(-1), workspace.experiment, 'the experiment shown, before any run from it');
    // Re-run starts a run from the experiment's own copy of app_state.json.
    const dir = path.join(workspace.experimentsDir, 'shapes', '2_tfjs');
    fs.mkdirSync(dir, { recursive: true });
    writeExperimentInfo(
      dir,
      experimentInfoOf({
        experiment_name: 'rerun',
        framework_name: 'tfjs',
        project: '../../../data/shapes',
        source_app_state: '../1_tfjs/app_state.json',
        status: 'running',
      }),
    );
    try {
      feed.experimentsChanged();
      await settle(EXPERIMENTS_DEBOUNCE_MS + 100);
      assert.equal(followed.at(-1), dir, 'the new run is followed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends everything again after the page reloaded', async () => {
    const first = typesOf(await opened());
    feed.pageReady(true);
    assert.deepEqual(typesOf(await settle()), first);
  });

  it('tells a file it cannot read as a failure, and sends nothing from it', async () => {
    fs.rmSync(file);
    feed.pageReady(false);
    const messages = await settle();
    assert.deepEqual(messages, []);
    assert.equal(failures.length, 1);
    assert.match(failures[0] ?? '', /^Reading app_state\.json: .*does not exist/);
  });

  it('tells a refresh that fails as a failure, and the next refresh runs', async () => {
    rootsFail = true;
    const messages = await opened();
    assert.deepEqual(typesOf(messages), ['session']);
    assert.match(failures.join('\n'), /^Updating the panel: Error: no roots/);
    rootsFail = false;
    await feed.refreshDerived();
    assert.ok(typesOf(sent).includes('splitPreview'));
  });

  it('sends nothing once disposed', async () => {
    feed.pageReady(false);
    feed.dispose();
    assert.deepEqual(typesOf(await settle()), ['session'], 'only what was sent before');
  });
});
