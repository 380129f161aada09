import { renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderControlTypes, renderStandardsTable, serializeCatalogue, type CatalogueFile } from './catalogue-file';

/** The data file the catalogue loads. */
export const CATALOGUE_FILE = path.join(__dirname, 'controls.json');

/** The standards table generated from the shipped data file (the domain layer imports it). */
export const STANDARDS_TABLE_FILE = path.join(__dirname, '..', 'standards-table.ts');

/** The TypeScript module derived from a data file, written next to it. */
export function typesFileFor(dataFile: string): string {
  return path.join(path.dirname(dataFile), 'control-types.ts');
}

/** The standards table derived from a data file: the shipped one's in domain/, any other next to it. */
export function standardsTableFileFor(dataFile: string): string {
  return path.resolve(dataFile) === path.resolve(CATALOGUE_FILE)
    ? STANDARDS_TABLE_FILE
    : path.join(path.dirname(dataFile), 'standards-table.ts');
}

/** The text of each file derived from a catalogue, by path: what {@link writeCatalogue} writes and a test compares. */
export function derivedFiles(file: CatalogueFile, dataFile: string = CATALOGUE_FILE): [string, string][] {
  return [
    [typesFileFor(dataFile), renderControlTypes(file, path.basename(dataFile))],
    [standardsTableFileFor(dataFile), renderStandardsTable(file, path.basename(dataFile))],
  ];
}

/**
 * Writes a catalogue and its derived types. Each file is written whole to a temporary name and
 * renamed over the old one, so a reader never sees half a file.
 * @returns the paths written
 */
export function writeCatalogue(file: CatalogueFile, dataFile: string = CATALOGUE_FILE): string[] {
  return writeWhole([[dataFile, serializeCatalogue(file)], ...derivedFiles(file, dataFile)]);
}

/**
 * Writes only the files derived from a catalogue (after a hand edit of the data file), each whole.
 * @returns the paths written
 */
export function writeDerivedFiles(file: CatalogueFile, dataFile: string = CATALOGUE_FILE): string[] {
  return writeWhole(derivedFiles(file, dataFile));
}

function writeWhole(writes: readonly [string, string][]): string[] {
  for (const [target, text] of writes) {
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, target);
  }
  return writes.map(([target]) => target);
}
