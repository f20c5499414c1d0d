import fs from 'node:fs';
import path from 'node:path';

export interface PackageInfo {
  readonly version: string;
  readonly root: string;
}

/**
 * The extension's own package.json, found by walking up from this file: the same code runs bundled
 * (dist/cli.js) and compiled for tests (out/src/cli/*.js), at different depths.
 */
export function readPackageInfo(startDirectory: string = __dirname): PackageInfo {
  for (let directory = startDirectory; ; directory = path.dirname(directory)) {
    const candidate = path.join(directory, 'package.json');
    if (fs.existsSync(candidate)) {
      const manifest = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'train-studio' && manifest.version)
        return { version: manifest.version, root: directory };
    }
    if (path.dirname(directory) === directory)
      throw new Error(`train-studio package.json not found above ${startDirectory}`);
  }
}
