import fs from 'node:fs';
import path from 'node:path';
import { generateClassFolders } from '../fixtures/classFolders';
import { generateFixtures } from '../fixtures/generate';
import { quickAppState } from '../fixtures/quickRun';

// The workspace the extension-host suite opens, made before VS Code starts (the suite itself runs inside
// the extension host): two small datasets and an app_state.json that trains in seconds.

export const FIXTURE = {
  /** Class folders (circle, square, triangle, …), 32 px: what the quick app_state trains. */
  classFolders: 'data/shapes',
  /** A Supervisely project with boxes and polygons. */
  supervisely: 'data/objects',
  appState: 'app_state.json',
} as const;

export function prepareWorkspace(dir: string): void {
  generateClassFolders({
    seed: 5,
    outDir: path.join(dir, FIXTURE.classFolders),
    imagesPerClass: 6,
    size: 32,
  });
  generateFixtures({ seed: 9, outDir: path.join(dir, FIXTURE.supervisely), imagesPerDataset: 4, size: 48 });
  fs.writeFileSync(
    path.join(dir, FIXTURE.appState),
    `${JSON.stringify(quickAppState(FIXTURE.classFolders), null, 2)}\n`,
  );
}
