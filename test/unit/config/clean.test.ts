import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig, validateConfig } from '../../../src/core/config';
import { jsonSchemaFor } from '../../../src/core/jsonSchemas';
import type { JsonSchema } from '../../../src/core/jsonSchemas';
import { CONFIG_KINDS, CONFIG_KIND_VALUES } from '../../../src/core/names';
import { REPO_ROOT } from '../../paths';
import { formatFinding } from './support';

// Realistic configs, written for these tests, that must validate clean: no error and no warning.
// Another framework's hyperparameters (files named for it) may carry foreign-key information findings,
// and nothing else; every other file has no finding at all.

const CLEAN_DIR = path.join(REPO_ROOT, 'test', 'unit', 'config', 'clean');

const read = (kind: string, name: string): string =>
  fs.readFileSync(path.join(CLEAN_DIR, kind, name), 'utf8');

/** Every key path the schema describes, for the files meant to write out every key. */
function schemaKeyPaths(schema: JsonSchema, prefix = ''): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).flatMap(([key, property]) => [
    `${prefix}${key}`,
    ...schemaKeyPaths(property, `${prefix}${key}.`),
  ]);
}

function valueKeyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    `${prefix}${key}`,
    ...valueKeyPaths(child, `${prefix}${key}.`),
  ]);
}

describe('clean configs', () => {
  for (const kind of CONFIG_KIND_VALUES) {
    const names = fs.readdirSync(path.join(CLEAN_DIR, kind)).sort();
    for (const name of names) {
      it(`${kind}/${name} has no error or warning`, () => {
        const foreign = name.includes('rtdetrv2') || name.includes('yolo');
        const { findings, value } = validateConfig(parseConfig(kind, read(kind, name)));
        const loud = findings.filter((finding) => !foreign || finding.code !== 'foreign-key');
        assert.deepEqual(loud.map(formatFinding), []);
        assert.notEqual(value, undefined, 'a clean file gives its parsed value');
      });
    }
  }

  it('the built-in hyperparameters write out every field, and app_options every key', () => {
    for (const [kind, name] of [
      [CONFIG_KINDS.hyperparameters, 'hyperparameters.yaml'],
      [CONFIG_KINDS.appOptions, 'app_options.yaml'],
    ] as const) {
      const written = valueKeyPaths(parseConfig(kind, read(kind, name)).value);
      assert.deepEqual(
        schemaKeyPaths(jsonSchemaFor(kind)).filter((key) => !written.includes(key)),
        [],
        name,
      );
    }
  });

  it('the foreign hyperparameters are reported as information, key by key', () => {
    const { findings } = validateConfig(
      parseConfig(CONFIG_KINDS.hyperparameters, read('hyperparameters', 'hyperparameters_yolo.yaml')),
    );
    assert.equal(findings.length, 11);
    assert.ok(findings.every((finding) => finding.code === 'foreign-key'));
  });

  it('app_state covers every split method and both model sources', () => {
    const states = fs.readdirSync(path.join(CLEAN_DIR, 'app_state')).map((name) => {
      const value = parseConfig(CONFIG_KINDS.appState, read('app_state', name)).value as {
        train_val_split: { method: string };
        model: { source: string };
      };
      return value;
    });
    assert.deepEqual(
      new Set(states.map((state) => state.train_val_split.method)),
      new Set(['random', 'tags', 'datasets', 'collections']),
    );
    assert.deepEqual(
      new Set(states.map((state) => state.model.source)),
      new Set(['Pretrained models', 'Custom models']),
    );
  });
});
