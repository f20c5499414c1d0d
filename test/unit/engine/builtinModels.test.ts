import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FROM_SCRATCH_CHECKPOINT, TASK_TYPES } from '../../../src/core/names';
import { ModelsJson, modelDisplayName } from '../../../src/core/schemas';
import { ARCHITECTURES } from '../../../src/engine/models';
import { builtinFrameworkDir } from '../../../src/trainapp/configFiles';
import { REPO_ROOT } from '../../paths';

const modelsJson = path.join(builtinFrameworkDir(REPO_ROOT), 'models.json');

describe("the built-in framework's models.json", () => {
  const entries = ModelsJson.parse(JSON.parse(fs.readFileSync(modelsJson, 'utf8')));

  it('names an architecture the engine builds, for the same task, for every entry', () => {
    for (const entry of entries) {
      const arch = entry.meta.arch_type ?? '';
      const info = ARCHITECTURES[arch];
      assert.ok(info, `${String(modelDisplayName(entry))}: unknown arch_type ${arch}`);
      assert.equal(info.task, entry.meta.task_type, arch);
      assert.equal(entry.meta.model_files.checkpoint, FROM_SCRATCH_CHECKPOINT);
    }
  });

  it('offers two classifier sizes, a detector and a segmenter, under unique names', () => {
    const tasks = entries.map((entry) => entry.meta.task_type);
    assert.equal(tasks.filter((task) => task === TASK_TYPES.classification).length, 2);
    assert.ok(tasks.includes(TASK_TYPES.objectDetection));
    assert.ok(tasks.includes(TASK_TYPES.semanticSegmentation));
    const names = entries.map(modelDisplayName);
    assert.equal(new Set(names).size, names.length);
  });
});
