/**
 * How security control ids sort everywhere they are listed (the catalogue file, the coverage
 * matrix, reports): the order AWS's own control reference uses.
 */

/**
 * Orders control ids as AWS lists them: by service, ignoring case (AWS spells both
 * `AutoScaling.1` and `Autoscaling.5`, and lists them together), then by control number
 * (`S3.2` before `S3.10`), then by the id's text.
 */
export function compareControlIds(a: string, b: string): number {
  const [sa, na] = splitId(a);
  const [sb, nb] = splitId(b);
  const byService = sa.toLowerCase().localeCompare(sb.toLowerCase());
  return byService !== 0 ? byService : na !== nb ? na - nb : a.localeCompare(b);
}

/** `EC2.10` is `['EC2', 10]`; an id without a number sorts as number 0. */
function splitId(id: string): [string, number] {
  const dot = id.lastIndexOf('.');
  return dot < 0 ? [id, 0] : [id.slice(0, dot), Number(id.slice(dot + 1)) || 0];
}
