import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/ids';
import { trainStudio, visibleOutputText, waitFor } from './host';

// Train Studio's own diagnostics, hover, completion and quick fixes, as VS Code's API reports them, on real
// files in the test workspace. Only diagnostics whose source is Train Studio count: VS Code's JSON language
// service validates the same files against the contributed schemas too.

const SOURCE = 'Train Studio';

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests run with a workspace folder open');
  return folder.uri.fsPath;
}

async function openFile(relative: string, text: string): Promise<vscode.TextEditor> {
  const file = path.join(workspaceDir(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(file);
  return vscode.window.showTextDocument(document);
}

const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);

async function diagnosticsOf(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  await waitFor(
    () => ours(uri).length === count,
    `${String(count)} Train Studio diagnostics on ${uri.fsPath}`,
  );
  return ours(uri);
}

/** The range of the `occurrence`-th (0-based) match of `needle` in the document. */
function rangeOf(document: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
  let offset = -1;
  for (let index = 0; index <= occurrence; index += 1)
    offset = document.getText().indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} is not in ${document.fileName}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
}

function assertDiagnostic(
  diagnostic: vscode.Diagnostic | undefined,
  range: vscode.Range,
  severity: vscode.DiagnosticSeverity,
  message: RegExp,
): void {
  assert.ok(diagnostic, 'missing diagnostic');
  assert.deepEqual(
    [diagnostic.range.start, diagnostic.range.end].map((p) => [p.line, p.character]),
    [range.start, range.end].map((p) => [p.line, p.character]),
    `range of "${diagnostic.message}"`,
  );
  assert.equal(diagnostic.severity, severity, diagnostic.message);
  assert.match(diagnostic.message, message);
}

describe('config files in the editor', () => {
  before(async () => {
    await trainStudio().activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('loads the validator only once a config file is open', async () => {
    const loaded = 'Config file checks loaded in';
    await vscode.commands.executeCommand(COMMANDS.showOutput);
    await waitFor(
      () => visibleOutputText().some((text) => text.includes('activated in')),
      'the output channel',
    );
    assert.ok(
      !visibleOutputText().some((text) => text.includes(loaded)),
      'loaded before any config file was open',
    );
    await openFile('lazy/app_options.yaml', 'collapsable: true\n');
    await vscode.commands.executeCommand(COMMANDS.showOutput);
    await waitFor(
      () => visibleOutputText().some((text) => text.includes(loaded)),
      `'${loaded}' in the output`,
    );
  });

  it('hyperparameters.yaml: a value out of range and a misspelt key, on their exact ranges', async () => {
    const { document } = await openFile(
      'hp/hyperparameters.yaml',
      'epochs: 10\noptimizer:\n  lr: 50\nlr_schedular:\n  type: cosine\n',
    );
    const [lr, typo] = await diagnosticsOf(document.uri, 2);
    assertDiagnostic(lr, rangeOf(document, '50'), vscode.DiagnosticSeverity.Error, /`lr`.*at most 10/);
    assertDiagnostic(
      typo,
      rangeOf(document, 'lr_schedular'),
      vscode.DiagnosticSeverity.Error,
      /Did you mean `lr_scheduler`\?/,
    );
  });

  it('models.json: a duplicate model name', async () => {
    const entry = (name: string) => ({
      Model: name,
      meta: { task_type: 'classification', model_files: { checkpoint: 'https://example.invalid/w.bin' } },
    });
    const { document } = await openFile('fw/models.json', JSON.stringify([entry('A'), entry('A')], null, 2));
    const [duplicate] = await diagnosticsOf(document.uri, 1);
    assertDiagnostic(duplicate, rangeOf(document, '"A"', 1), vscode.DiagnosticSeverity.Error, /`A`/);
  });

  it('app_options.yaml: an unknown key is a warning with a suggestion', async () => {
    const { document } = await openFile(
      'fw/app_options.yaml',
      'model_benchmark: true\nshow_log_in_gui: false\n',
    );
    const [unknown] = await diagnosticsOf(document.uri, 1);
    assertDiagnostic(
      unknown,
      rangeOf(document, 'show_log_in_gui'),
      vscode.DiagnosticSeverity.Warning,
      /Did you mean `show_logs_in_gui`\?/,
    );
  });

  it('app_state.json: a missing project folder, and the embedded hyperparameters on the value inside the string', async () => {
    const state = {
      input: { project: 'no/such/project' },
      train_val_split: { method: 'random', percent: 80, seed: 1 },
      model: { source: 'Custom models', experiment: 'no/such/run', checkpoint: 'best.json' },
      hyperparameters: 'epochs: 5\nbatch_size: 0\n',
    };
    const { document } = await openFile('runs/app_state.json', JSON.stringify(state, null, 2));
    const [project, experiment, batch] = await diagnosticsOf(document.uri, 3);
    assertDiagnostic(
      project,
      rangeOf(document, '"no/such/project"'),
      vscode.DiagnosticSeverity.Error,
      /Project folder `no\/such\/project` does not exist/,
    );
    assertDiagnostic(
      experiment,
      rangeOf(document, '"no/such/run"'),
      vscode.DiagnosticSeverity.Error,
      /Experiment folder `no\/such\/run` does not exist/,
    );
    const batchValue = rangeOf(document, 'batch_size: 0').end;
    assertDiagnostic(
      batch,
      new vscode.Range(batchValue.translate(0, -1), batchValue),
      vscode.DiagnosticSeverity.Error,
      /batch_size/,
    );
  });

  it('hovers with the description, default and range of a key', async () => {
    const { document } = await openFile('hover/hyperparameters.yaml', 'optimizer:\n  lr: 0.01\n');
    const position = rangeOf(document, 'lr').start.translate(0, 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      position,
    );
    const text = hovers
      .flatMap((hover) => hover.contents)
      // Ours are MarkdownStrings; the JSON language service's may be plain strings.
      .map((content) => (typeof content === 'string' ? content : (content as vscode.MarkdownString).value))
      .join('\n');
    assert.match(text, /learning rate/);
    assert.match(text, /0\.001/);
    assert.match(text, /10/);
  });

  it('completes keys not yet present and enum values, in YAML and JSON', async () => {
    const yaml = await openFile('complete/hyperparameters.yaml', 'epochs: 3\noptimizer:\n  type: \n');
    const labels = async (document: vscode.TextDocument, position: vscode.Position): Promise<string[]> => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        position,
      );
      return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    };
    const values = await labels(yaml.document, new vscode.Position(2, 8));
    assert.ok(values.includes('AdamW') && values.includes('SGD'), values.join(', '));
    const keys = await labels(yaml.document, new vscode.Position(3, 0));
    assert.ok(keys.includes('batch_size') && keys.includes('lr_scheduler'), keys.join(', '));
    assert.ok(!keys.includes('epochs'), 'offers a key that is already there');

    const json = await openFile('complete/app_state.json', '{\n  "train_val_split": {"method": ""}\n}\n');
    const methods = await labels(json.document, rangeOf(json.document, '""').start.translate(0, 1));
    for (const method of ['random', 'tags', 'datasets', 'collections']) {
      assert.ok(methods.includes(method) || methods.includes(`"${method}"`), methods.join(', '));
    }
  });

  it('a quick fix renames an unknown key, and the diagnostic goes away', async () => {
    const { document } = await openFile('fix/hyperparameters.yaml', 'epochs: 4\nbatch_sise: 8\n');
    const [typo] = await diagnosticsOf(document.uri, 1);
    assert.ok(typo);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      typo.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const rename = actions.find((action) => action.title.includes('batch_size'));
    assert.ok(rename?.edit, `no rename among: ${actions.map((action) => action.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.equal(document.getText(), 'epochs: 4\nbatch_size: 8\n');
    await diagnosticsOf(document.uri, 0);
  });

  it('another framework’s hyperparameters give no errors, and closing the file clears its diagnostics', async () => {
    const { document } = await openFile('yolo/hyperparameters.yaml', 'epochs: 100\nimgsz: 640\nlr0: 0.01\n');
    const findings = await diagnosticsOf(document.uri, 2);
    assert.ok(findings.every((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Information));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await diagnosticsOf(document.uri, 0);
  });
});
