/*
 * Rewrites the TypeScript derived from the shipped catalogue (domain/catalogue/control-types.ts and
 * domain/standards-table.ts) from domain/catalogue/controls.json as it is, without reading AWS:
 *
 *   npm run generate:catalogue
 *
 * for a hand edit of the data file (a standard's shortName or requirementPrefix, its order).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCatalogue } from '../../domain/catalogue/catalogue-file';
import { CATALOGUE_FILE, writeDerivedFiles } from '../../domain/catalogue/catalogue-store';

function main(): void {
  const file = parseCatalogue(readFileSync(CATALOGUE_FILE, 'utf8'), CATALOGUE_FILE);
  for (const written of writeDerivedFiles(file)) console.log(`wrote ${path.relative(process.cwd(), written)}`);
}

if (require.main === module) main();
