import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// The framework floor: a bare cdktf app with one provider and one resource, run the same way as the
// organization variants, so the difference is what this project adds.
const outdir = mkdtempSync(path.join(tmpdir(), 'bench-floor-'));
const app = new App({ outdir });
const stack = new TerraformStack(app, 'floor');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
new SnsTopic(stack, 'topic', { name: 'floor' });
app.synth();
rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ variant: 'floor', resources: 1 }) + '\n');
