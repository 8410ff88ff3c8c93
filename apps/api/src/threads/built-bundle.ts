import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the api's bundle (dist/apps/api/main.js) is built from; a spec file does not change it. */
const BUILD_INPUTS = [
  'apps/api/src',
  'libs',
  'package-lock.json',
  'webpack.config.js',
  'nest-cli.json',
  'tsconfig.json',
  'apps/api/tsconfig.app.json',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(spec|int-spec|e2e-spec)\.ts$/.test(path) ? 0 : stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => {
    if (name === 'node_modules') return newest;
    return Math.max(newest, newestMtime(join(path, name)));
  }, 0);
}

export function builtBundlePath(root: string): string {
  return join(root, 'dist/apps/api/main.js');
}

/** Whether the bundle exists and is at least as new as everything it is built from. */
export function isBundleFresh(root: string): boolean {
  const bundle = builtBundlePath(root);
  if (!existsSync(bundle)) return false;
  const sources = Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(root, p))));
  return statSync(bundle).mtimeMs >= sources;
}
