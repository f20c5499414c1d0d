import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadFramework } from '../../../../src/trainapp/frameworks/loadFramework';
import { RunError } from '../../../../src/trainapp/runError';
import type { RunProblem } from '../../../../src/trainapp/runError';
import { fixtureDir, removeTempFolders, tempFolder, writeFramework } from './support';

after(removeTempFolders);

function loadProblem(dir: string): RunProblem {
  try {
    loadFramework(dir);
  } catch (error) {
    if (error instanceof RunError) return error.problem;
    throw error;
  }
  throw new Error(`${dir} loaded`);
}

/** A framework folder whose framework.json is exactly `text`. */
function withManifestText(text: string): string {
  const dir = tempFolder();
  fs.writeFileSync(path.join(dir, 'framework.json'), text);
  return dir;
}

describe('loadFramework', () => {
  it('reads each kind of framework from its framework.json, with target_format defaulting to none', () => {
    const module = loadFramework(fixtureDir('ts-module'));
    assert.deepEqual([module.name, module.targetFormat], ['fake-ts', 'none']);
    const coco = loadFramework(
      writeFramework({ target_format: 'coco', start: { command: ['python3', 'x.py'] } }),
    );
    assert.deepEqual([coco.name, coco.targetFormat], ['temp', 'coco']);
    const relative = path.relative(process.cwd(), fixtureDir('external-sh'));
    assert.equal(
      loadFramework(relative).name,
      'fake-sh',
      'a relative folder is taken from the working folder',
    );
  });

  it('says how to write a framework.json when there is none', () => {
    const dir = tempFolder();
    const file = path.join(dir, 'framework.json');
    assert.deepEqual(loadProblem(dir), {
      message: `The framework folder ${dir} has no framework.json (looked for ${file}).`,
      hint: 'Write one that says how to start the framework, such as {"name": "my-framework", "target_format": "coco", "start": {"module": "train.ts"}}, or with "start": {"command": ["python", "train.py"]}.',
      file,
    });
  });

  it('says when the framework folder itself does not exist', () => {
    const missing = path.join(tempFolder(), 'nowhere');
    const problem = loadProblem(missing);
    assert.equal(problem.message, `The framework folder ${missing} does not exist.`);
    assert.equal(problem.field, 'framework');
  });

  it('places a JSON syntax error by line and column', () => {
    const dir = withManifestText('{\n  "name": "x",\n  "start": { "module": "a.js" }\n  "extra": 1\n}\n');
    const problem = loadProblem(dir);
    assert.match(problem.message, /framework\.json: not valid JSON: expected .+ \(line 4, column 3\)$/u);
    assert.equal(problem.file, path.join(dir, 'framework.json'));
  });

  it('names the field at fault in a framework.json that breaks the schema', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { name: 'x', start: { module: '' } },
        'start.module',
        'Too small: expected string to have >=1 characters',
      ],
      [{ name: 'x', start: { command: [] } }, 'start.command', 'Too small: expected array to have >=1 items'],
      [
        { name: 'x', start: { command: 'python train.py' } },
        'start.command',
        'expected array, received string',
      ],
      [
        { name: 'x', start: {} },
        'start',
        'must be {"module": "<file>"} or {"command": ["<program>", "<argument>", …]}',
      ],
      [{ name: 'my framework', start: { module: 'a.js' } }, 'name', 'A framework name is 1 to 64 letters'],
      [{ name: 'x', target_format: 'voc', start: { module: 'a.js' } }, 'target_format', 'expected one of'],
      [{ start: { module: 'a.js' } }, 'name', 'expected string, received undefined'],
    ];
    for (const [manifest, field, words] of cases) {
      const dir = withManifestText(JSON.stringify(manifest));
      const problem = loadProblem(dir);
      const file = path.join(dir, 'framework.json');
      assert.ok(problem.message.startsWith(`${file}: ${field}: `), `${problem.message} names ${field}`);
      assert.ok(problem.message.includes(words), `${problem.message} says ${words}`);
      assert.equal(problem.field, field);
      assert.equal(problem.file, file);
      assert.match(problem.hint, /A framework\.json looks like/u);
    }
    const extra = loadProblem(withManifestText('{"name": "x", "start": {"module": "a.js"}, "entry": 1}'));
    assert.match(extra.message, /framework\.json: Unrecognized key: "entry"$/u);
    assert.equal(extra.field, undefined);
  });

  it('checks the module before the run: that it exists and is JavaScript or TypeScript', () => {
    const missing = writeFramework({ start: { module: 'src/train.ts' } });
    const problem = loadProblem(missing);
    assert.equal(
      problem.message,
      `${path.join(missing, 'framework.json')}: start.module: ${path.join(missing, 'src', 'train.ts')} does not exist.`,
    );
    assert.equal(problem.field, 'start.module');

    const python = writeFramework({ start: { module: 'train.py' } }, { 'train.py': 'print(1)\n' });
    assert.match(
      loadProblem(python).message,
      /start\.module: train\.py is not a JavaScript or TypeScript file \(\.js, \.cjs, \.mjs, \.ts, \.mts, \.cts\)\.$/u,
    );
    assert.match(loadProblem(python).hint, /"start": \{"command": \[\.\.\.\]\}/u);
  });
});
