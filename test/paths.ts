import fs from 'node:fs';
import path from 'node:path';

// Locations every test layer shares, taken from this file's compiled location (out/test/paths.js) so the
// tests work from any working directory.
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test', 'artifacts');

/** The parts of the extension manifest (package.json) that tests read. */
export interface Manifest {
  name: string;
  version: string;
  publisher: string;
  displayName: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  dependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    jsonValidation: { fileMatch: string; url: string }[];
    yamlValidation: { fileMatch: string; url: string }[];
  };
}

export function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
}
