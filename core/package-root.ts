import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The package's root folder: the nearest folder above this module with this package's
 * package.json. Found by walking up, so the answer is the same from the sources, from a compiled
 * dist/ and from a bundle; files shipped beside the code (the example config, function bundles,
 * SSM documents) are found from here.
 */
export const PACKAGE_ROOT: string = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'cdktf-securityhub') return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..');
  }
})();
