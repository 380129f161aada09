import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { FindingsReader } from '../aws/findings-reader';
import type { ProgressSink } from '../aws/progress';
import type { AwsConnectionOptions } from '../aws/securityhub-client';
import { DirectorySink, ExportLayoutWriter, type ObjectSink } from './layout-writer';
import { createS3Client, parseS3Location, S3Sink } from './s3-export';

/** What a backfill writes and where. */
export interface BackfillOptions {
  /** A local folder, or s3://bucket/prefix/. */
  readonly target: string;
  /** The export day the objects are filed under (YYYY-MM-DD). */
  readonly day: string;
  /** The connection for S3 (the same flags as Security Hub's). */
  readonly connection: AwsConnectionOptions;
  /** GetFindings progress. */
  readonly progress?: ProgressSink;
}

/** What a backfill wrote. */
export interface BackfillResult {
  readonly findings: number;
  readonly objects: number;
  readonly where: string;
}

/**
 * Reads every ACTIVE finding with GetFindings and writes it in the export layout, filed under
 * one export day: the state Security Hub holds now, which the export's event stream only
 * sees again when a finding changes.
 */
export async function runBackfill(securityHub: SecurityHubClient, options: BackfillOptions): Promise<BackfillResult> {
  let sink: ObjectSink;
  let destroy = () => undefined as void;
  if (options.target.startsWith('s3://')) {
    const location = parseS3Location('--path', options.target);
    const s3 = createS3Client(options.connection);
    destroy = () => s3.destroy();
    sink = new S3Sink(s3, location);
  } else {
    sink = new DirectorySink(options.target);
  }
  try {
    const writer = new ExportLayoutWriter(sink, { namePrefix: `backfill-${options.day}-${Date.now().toString(36)}` });
    for await (const finding of new FindingsReader(securityHub, options.progress, {
      region: options.connection.region,
      endpointUrl: options.connection.endpointUrl,
    }).activeFindings()) {
      await writer.write(finding, options.day);
    }
    await writer.close();
    return { findings: writer.findings, objects: writer.objects, where: sink.where };
  } finally {
    destroy();
  }
}
