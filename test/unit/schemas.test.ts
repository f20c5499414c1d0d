import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import prettier from 'prettier';
import { SCHEMA_FILES, jsonSchemaFor, renderSchemaFile } from '../../src/core/jsonSchemas';
import type { JsonSchemaNode as SchemaNode } from '../../src/core/jsonSchemas';
import { CONFIG_KINDS, SPLIT_METHOD_VALUES } from '../../src/core/names';
import { renderConfigReference, replaceConfigReference } from '../../src/core/schemaReference';
import { REPO_ROOT, readManifest } from '../paths';

const SCHEMAS_DIR = path.join(REPO_ROOT, 'schemas');

const property = (schema: SchemaNode, ...keys: string[]): SchemaNode =>
  keys.reduce((node, key) => {
    const next = node.properties?.[key];
    assert.ok(next, `no property '${key}'`);
    return next;
  }, schema);

describe('generated JSON Schemas (schemas/)', () => {
  it('match the zod sources; run `npm run schemas` after changing src/core/schemas', () => {
    for (const [fileName, schema] of Object.entries(SCHEMA_FILES)) {
      const committed = fs.readFileSync(path.join(SCHEMAS_DIR, fileName), 'utf8');
      assert.equal(committed, renderSchemaFile(schema), `schemas/${fileName} has drifted from src/core`);
    }
  });

  it('holds no file that no zod schema generates', () => {
    assert.deepEqual(fs.readdirSync(SCHEMAS_DIR).sort(), Object.keys(SCHEMA_FILES).sort());
  });

  it('are draft-07 with descriptions, defaults, ranges and enums', () => {
    const hyperparameters = jsonSchemaFor(CONFIG_KINDS.hyperparameters) as SchemaNode;
    assert.equal(hyperparameters.$schema, 'http://json-schema.org/draft-07/schema#');
    const lr = property(hyperparameters, 'optimizer', 'lr');
    assert.deepEqual([lr.default, lr.exclusiveMinimum, lr.maximum], [0.001, 0, 10]);
    assert.match(lr.description ?? '', /learning rate/);
    assert.deepEqual(property(hyperparameters, 'optimizer', 'type').enum, ['AdamW', 'SGD']);
    assert.deepEqual(property(hyperparameters, 'lr_scheduler', 'type').enum, ['cosine', 'step', 'multistep']);
    for (const [key, field] of Object.entries(hyperparameters.properties ?? {})) {
      assert.ok(field.description, `hyperparameters.${key} has no description`);
      assert.ok(field.default !== undefined, `hyperparameters.${key} has no default`);
    }
  });

  it('do not require what has a default (io: input), and do require what has none', () => {
    assert.equal(jsonSchemaFor(CONFIG_KINDS.hyperparameters).required, undefined);
    assert.equal(jsonSchemaFor(CONFIG_KINDS.appOptions).required, undefined);
    const appState = jsonSchemaFor(CONFIG_KINDS.appState) as SchemaNode;
    assert.deepEqual(appState.required?.sort(), ['input', 'model', 'train_val_split']);
    const methods = (property(appState, 'train_val_split').oneOf ?? []).map(
      (branch) => property(branch, 'method').const,
    );
    assert.deepEqual(methods, SPLIT_METHOD_VALUES);
  });

  it('are contributed to VS Code for the files they describe', () => {
    const { contributes } = readManifest();
    const contributed = [...contributes.jsonValidation, ...contributes.yamlValidation];
    for (const { url } of contributed) {
      assert.ok(fs.existsSync(path.join(REPO_ROOT, url)), `${url} does not exist`);
    }
    const byPattern = Object.fromEntries(contributed.map(({ fileMatch, url }) => [fileMatch, url]));
    assert.deepEqual(
      {
        models: byPattern['**/models.json'],
        appState: byPattern['**/app_state.json'],
        experimentInfo: byPattern['**/experiment_info.json'],
        hyperparameters: byPattern['**/hyperparameters.yaml'],
        appOptions: byPattern['**/app_options.yaml'],
      },
      {
        models: './schemas/models.schema.json',
        appState: './schemas/app_state.schema.json',
        experimentInfo: './schemas/experiment_info.schema.json',
        hyperparameters: './schemas/hyperparameters.schema.json',
        appOptions: './schemas/app_options.schema.json',
      },
    );
    assert.ok(
      contributes.yamlValidation.every(({ url }) => url.endsWith('.schema.json')),
      'yamlValidation must point at the generated JSON Schemas',
    );
  });
});

describe("the README's config reference", () => {
  it('is the one generated from the zod sources; run `npm run schemas` after changing them', async () => {
    const readmePath = path.join(REPO_ROOT, 'README.md');
    const readme = fs.readFileSync(readmePath, 'utf8');
    const options = { ...(await prettier.resolveConfig(readmePath)), filepath: readmePath };
    const expected = await prettier.format(replaceConfigReference(readme, renderConfigReference()), options);
    assert.equal(readme, expected, 'README.md config reference has drifted from src/core');
  });

  it('documents every hyperparameter with its default and range', () => {
    const reference = renderConfigReference();
    assert.match(reference, /\| `optimizer\.lr` \| number \| `0\.001` \| > 0, ≤ 10 \|/);
    assert.match(reference, /\| `input_size` \| integer \| `128` \| ≥ 32, ≤ 1024, multiple of 32 \|/);
    assert.match(reference, /\| `input\.project` \| string \| required \|/);
  });
});
