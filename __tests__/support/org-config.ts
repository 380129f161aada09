import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE, parseOrganizationConfig } from '../../config/load';
import type { OrganizationConfig } from '../../config/schema';

/** The embedded example organization as plain data, fresh for each call so tests can change it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defaultConfigData(): Record<string, any> {
  return parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8'));
}

/** Parses config data through the real loader (YAML text, schema, cross-field rules). */
export function configFrom(data: unknown): OrganizationConfig {
  return parseOrganizationConfig(stringify(data), 'test.yaml');
}
