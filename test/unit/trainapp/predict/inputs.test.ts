import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { expandInputs } from '../../../../src/trainapp/predict/inputs';
import { StagedOutput } from '../../../../src/trainapp/predict/stagedOutput';
import { RunError } from '../../../../src/trainapp/runError';
import { encodePng } from '../../../fixtures/png';

// What predict is given to work on, checked before any model is loaded, and how its output is published:
// whole, or not at all.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'predict-inputs-'));
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function png(relative: string, width: number, height: number): string {
  const file = path.join(tmp, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, encodePng({ width, height, channels: 1, data: new Uint8Array(width * height) }));
  return file;
}

function write(relative: string, text: string): string {
  const file = path.join(tmp, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Asserts that expanding fails with one RunError whose message matches and names the file. */
function assertRefused(inputs: readonly string[], message: RegExp, file: string): void {
  assert.throws(
    () => expandInputs(inputs, tmp),
    (error: unknown) => {
      assert.ok(error instanceof RunError, String(error));
      assert.match(error.message, message);
      assert.equal(error.problem.file, file);
      assert.ok(error.problem.hint.length > 0);
      return true;
    },
  );
}

describe('the images predict is given', () => {
  const a = png('photos/10.png', 4, 3);
  const b = png('photos/9.PNG', 2, 5);
  png('photos/nested/deep.png', 1, 1);
  write('photos/notes.txt', 'not an image');
  write('photos/.hidden.png', 'skipped, as hidden files are');
  const single = png('single.png', 6, 6);

  it('takes files as given and folders as the images directly inside them, in natural name order', () => {
    const images = expandInputs(['single.png', 'photos'], tmp);
    assert.deepEqual(images, [
      { path: single, name: 'single.png', width: 6, height: 6 },
      { path: b, name: '9.PNG', width: 2, height: 5 },
      { path: a, name: '10.png', width: 4, height: 3 },
    ]);
  });

  it('counts an image named twice once', () => {
    assert.deepEqual(
      expandInputs([a, 'photos/10.png', 'photos'], tmp).map((image) => image.name),
      ['10.png', '9.PNG'],
    );
  });

  it('refuses a missing path, naming it', () => {
    assertRefused(
      ['single.png', 'nope.png'],
      /^There is no image or folder .*nope\.png\.$/,
      path.join(tmp, 'nope.png'),
    );
  });

  it('refuses a file that is not named as an image', () => {
    assertRefused(
      ['photos/notes.txt'],
      /notes\.txt is not an image file: .*\.png, \.jpg/,
      path.join(tmp, 'photos/notes.txt'),
    );
  });

  it('refuses an image file whose contents are not an image', () => {
    const fake = write('fake.jpg', 'this is text, not a JPEG');
    assertRefused([fake], /fake\.jpg is not a readable image/, fake);
  });

  it('refuses a folder without images', () => {
    const empty = path.join(tmp, 'photos/nested/none');
    fs.mkdirSync(empty, { recursive: true });
    assertRefused([empty], /The folder .*none has no images/, empty);
  });

  it('refuses two images of one name, whose predictions would overwrite each other', () => {
    const other = png('elsewhere/10.png', 1, 1);
    assertRefused(['photos', other], /Two images are named 10\.png/, other);
  });
});

describe('the output of a prediction run', () => {
  it('appears only on commit, replacing files of the same name and keeping the others', () => {
    const out = path.join(tmp, 'out-commit');
    fs.mkdirSync(path.join(out, 'ann'), { recursive: true });
    fs.writeFileSync(path.join(out, 'ann/old.png.json'), 'old');
    fs.writeFileSync(path.join(out, 'ann/a.png.json'), 'previous');
    const output = new StagedOutput(out);
    output.write('ann/a.png.json', 'new');
    output.write('meta.json', '{}');
    assert.equal(fs.readFileSync(path.join(out, 'ann/a.png.json'), 'utf8'), 'previous');
    assert.ok(!fs.existsSync(path.join(out, 'meta.json')));

    assert.deepEqual(output.commit(), ['ann/a.png.json', 'meta.json']);
    assert.deepEqual(fs.readdirSync(out).sort(), ['ann', 'meta.json']);
    assert.equal(fs.readFileSync(path.join(out, 'ann/a.png.json'), 'utf8'), 'new');
    assert.equal(fs.readFileSync(path.join(out, 'ann/old.png.json'), 'utf8'), 'old');
  });

  it('leaves nothing when discarded: not even the folders it made on the way', () => {
    const parent = path.join(tmp, 'out-discard');
    fs.mkdirSync(parent);
    const out = path.join(parent, 'new/deeper');
    const output = new StagedOutput(out);
    output.write('drawn/a.png.jpg', 'jpeg');
    output.discard();
    assert.deepEqual(fs.readdirSync(parent), []);
  });

  it('removes the staging folders of killed runs, and only theirs, when it starts', () => {
    const out = path.join(tmp, 'out-swept');
    const killed = `.predicting-${String(spawnSync(process.execPath, ['-e', '']).pid)}-x1y2z3`;
    const running = `.predicting-${String(process.pid)}-a1b2c3`;
    // An owner it cannot tell, and a user's own folder of a like name: not ours to remove.
    const unknown = ['.predicting-q7w8e9', '.predicting-notes'];
    for (const name of [killed, running, ...unknown]) {
      fs.mkdirSync(path.join(out, name, 'ann'), { recursive: true });
      fs.writeFileSync(path.join(out, name, 'ann/a.png.json'), '{}');
    }
    const output = new StagedOutput(out);
    const staging = fs.readdirSync(out).filter((name) => ![running, ...unknown].includes(name));
    assert.equal(
      staging.length,
      1,
      `the killed run's folder is gone, this run's is there: ${String(staging)}`,
    );
    assert.match(staging[0] ?? '', new RegExp(`^\\.predicting-${String(process.pid)}-`));
    output.discard();
    assert.deepEqual(fs.readdirSync(out).sort(), [running, ...unknown].sort());
  });

  it('keeps an existing output folder and its files when discarded', () => {
    const out = path.join(tmp, 'out-kept');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'meta.json'), 'kept');
    const output = new StagedOutput(out);
    output.write('meta.json', 'new');
    output.discard();
    assert.deepEqual(fs.readdirSync(out), ['meta.json']);
    assert.equal(fs.readFileSync(path.join(out, 'meta.json'), 'utf8'), 'kept');
  });
});
