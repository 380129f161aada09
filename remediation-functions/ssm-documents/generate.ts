import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { automationDocuments } from '../../domain/automation-documents';

/** Writes every document as `<name>.json` into a folder (the committed copies live next to this file). */
export function writeAutomationDocuments(dir: string = __dirname): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(automationDocuments()).map(([name, doc]) => {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    return file;
  });
}

if (require.main === module) {
  console.log(`wrote ${writeAutomationDocuments().length} SSM Automation documents`);
}
