import { Document, isCollection, type Node } from 'yaml';
import type { AdoptedConfig } from './to-config';

/**
 * The adopted config as YAML text, each comment before the node it describes, under a header
 * that says when and from where it was read.
 */
export function adoptedYaml(config: AdoptedConfig, header: string): string {
  const doc = new Document(config.data);
  for (const [path, comment] of config.comments) {
    const keys = path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const parent = keys.length > 1 ? doc.getIn(keys.slice(0, -1), true) : doc.contents;
    if (!isCollection(parent)) continue;
    // A key's comment goes on its key, so it sits above `key:` rather than inside the value.
    const last = keys[keys.length - 1];
    const pair =
      'items' in parent
        ? (parent.items as unknown[]).find(
            (p) =>
              typeof p === 'object' &&
              p !== null &&
              'key' in p &&
              (p as { key: { value?: unknown } }).key?.value === last,
          )
        : undefined;
    const node = (pair ? (pair as { key: Node }).key : doc.getIn(keys, true)) as Node | undefined;
    if (node && typeof node === 'object') node.commentBefore = comment;
  }
  doc.commentBefore = header;
  return doc.toString({ lineWidth: 0 });
}
