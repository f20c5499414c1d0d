// `npm run schemas`: writes the JSON Schemas under schemas/ and the README's config reference from the zod
// sources in src/core. The unit test test/unit/schemas.test.ts fails when either disagrees with the sources.
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import prettier from 'prettier';

const root = path.resolve(import.meta.dirname, '..');
const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'train-studio-schemas-')), 'jsonSchemas.cjs');
await build({
  stdin: {
    contents: "export * from './src/core/jsonSchemas'; export * from './src/core/schemaReference';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: bundle,
  logLevel: 'warning',
});
const { SCHEMA_FILES, renderSchemaFile, renderConfigReference, replaceConfigReference } = createRequire(
  import.meta.url,
)(bundle);

const outDir = path.join(root, 'schemas');
fs.mkdirSync(outDir, { recursive: true });
for (const [fileName, schema] of Object.entries(SCHEMA_FILES)) {
  fs.writeFileSync(path.join(outDir, fileName), renderSchemaFile(schema));
  console.log(`schemas/${fileName}`);
}
const readme = path.join(root, 'README.md');
const updated = replaceConfigReference(fs.readFileSync(readme, 'utf8'), renderConfigReference());
const options = { ...(await prettier.resolveConfig(readme)), filepath: readme };
fs.writeFileSync(readme, await prettier.format(updated, options));
console.log('README.md (config reference)');
fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
