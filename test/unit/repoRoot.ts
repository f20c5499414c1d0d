import path from 'node:path';

/** The repository root, from the compiled location out/test/unit/. */
export const repoRoot = path.resolve(__dirname, '../../..');
