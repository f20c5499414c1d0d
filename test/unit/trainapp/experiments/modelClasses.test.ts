import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { classColor } from '../../../../src/data/readers/derivedMeta';
import { drawnClasses, readModelClasses } from '../../../../src/trainapp/experiments/modelClasses';
import { handMadeExperiment } from '../export/support';
import type { HandMadeExperiment } from '../export/support';

// The one reader of model_meta.json's classes, which the export's classes.json, the report's gallery and
// predict take their colours from.

let experiment: HandMadeExperiment | undefined;
afterEach(() => {
  experiment?.remove();
  experiment = undefined;
});

describe("the run's classes from model_meta.json", () => {
  it('are read with their colours, and drawn in the checkpoint’s order with a stable colour for the others', () => {
    experiment = handMadeExperiment('fake-export', { 'last.json': 3 });
    const classes = readModelClasses(experiment.dir);
    assert.deepEqual(
      classes?.map(({ title, color }) => `${title} ${color}`),
      ['square #FF0000', 'triangle #00FF00'],
    );
    assert.deepEqual(drawnClasses(['triangle', 'disc', 'square'], classes), [
      { name: 'triangle', color: '#00FF00' },
      { name: 'disc', color: classColor(1) },
      { name: 'square', color: '#FF0000' },
    ]);
  });

  it('are undefined when the file is missing or damaged, and every class then gets a generated colour', () => {
    experiment = handMadeExperiment('fake-export', { 'last.json': 3 });
    const file = path.join(experiment.dir, 'model_meta.json');
    fs.writeFileSync(file, '{"classes": "not a list"}');
    assert.equal(readModelClasses(experiment.dir), undefined);
    fs.writeFileSync(file, 'not JSON');
    assert.equal(readModelClasses(experiment.dir), undefined);
    fs.rmSync(file);
    assert.equal(readModelClasses(experiment.dir), undefined);
    assert.deepEqual(drawnClasses(['square'], undefined), [{ name: 'square', color: classColor(0) }]);
  });
});
