import { z } from 'zod';

/*
 * Field schemas that several parts of the config file share (tiers, remediation scopes), so an
 * account or OU id is checked, and explained, the same way wherever it is written.
 */

/** A 12-digit AWS account id, written in quotes so YAML keeps its leading zeros. */
export const accountId = z
  .string({ invalid_type_error: 'must be a 12-digit AWS account id in quotes, e.g. "111122223333"' })
  .regex(
    /^\d{12}$/,
    'must be a 12-digit AWS account id, e.g. "111122223333" (quote it in YAML so leading zeros survive)',
  );

/** An AWS Organizations organizational unit id. */
export const organizationalUnitId = z
  .string()
  .regex(
    /^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/,
    'must be an OU id such as "ou-ab12-cd34ef56" (see `aws organizations list-organizational-units-for-parent`)',
  );
