/* Loaded by bench/catalogue.ts in a fresh process: prints how long loading the catalogue module takes there. */
async function main(): Promise<void> {
  const start = process.hrtime.bigint();
  const catalogue = await import('../domain/control-catalogue');
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // One lookup, so the index is built and used as synth uses it.
  if (!catalogue.findControl('S3.1')) throw new Error('S3.1 missing');
  console.log(JSON.stringify({ ms, controls: catalogue.CONTROL_CATALOGUE.length }));
}
void main();
