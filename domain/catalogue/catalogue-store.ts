import { renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderControlTypes, serializeCatalogue, type CatalogueFile } from './catalogue-file';

/** The data file the catalogue loads. */
export const CATALOGUE_FILE = path.join(__dirname, 'controls.json');

/** The TypeScript module derived from a data file, written next to it. */
export function typesFileFor(dataFile: string): string {
  return path.join(path.dirname(dataFile), 'control-types.ts');
}

/** Names of the standards AWS offers, by standards id, for the file's standards table. */
export const STANDARD_NAMES: ReadonlyMap<string, string> = new Map([
  ['standards/aws-foundational-security-best-practices/v/1.0.0', 'AWS Foundational Security Best Practices v1.0.0'],
  ['ruleset/cis-aws-foundations-benchmark/v/1.2.0', 'CIS AWS Foundations Benchmark v1.2.0'],
  ['standards/cis-aws-foundations-benchmark/v/1.4.0', 'CIS AWS Foundations Benchmark v1.4.0'],
  ['standards/cis-aws-foundations-benchmark/v/3.0.0', 'CIS AWS Foundations Benchmark v3.0.0'],
  ['standards/cis-aws-foundations-benchmark/v/5.0.0', 'CIS AWS Foundations Benchmark v5.0.0'],
  ['standards/nist-800-53/v/5.0.0', 'NIST Special Publication 800-53 Revision 5'],
  ['standards/nist-800-171/v/2.0.0', 'NIST SP 800-171 Revision 2'],
  ['standards/pci-dss/v/3.2.1', 'PCI DSS v3.2.1'],
  ['standards/pci-dss/v/4.0.1', 'PCI DSS v4.0.1'],
  ['standards/aws-resource-tagging-standard/v/1.0.0', 'AWS Resource Tagging Standard v1.0.0'],
  ['standards/service-managed-aws-control-tower/v/1.0.0', 'Service-Managed Standard: AWS Control Tower'],
]);

/**
 * Writes a catalogue and its derived types. Each file is written whole to a temporary name and
 * renamed over the old one, so a reader never sees half a file.
 * @returns the paths written
 */
export function writeCatalogue(file: CatalogueFile, dataFile: string = CATALOGUE_FILE): string[] {
  const typesFile = typesFileFor(dataFile);
  const writes: [string, string][] = [
    [dataFile, serializeCatalogue(file)],
    [typesFile, renderControlTypes(file, path.basename(dataFile))],
  ];
  for (const [target, text] of writes) {
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, target);
  }
  return writes.map(([target]) => target);
}
