import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import {
  LATEST_REVIEW_KEY,
  REVIEWS_FOLDER,
  type ObjectLockMode,
  type RemediationWindowSetting,
} from '../../core/compliance-review-contract';
import { standardFindingsQuery } from '../../domain/findings-export-queries';
import { FindingsReader } from '../aws/findings-reader';
import { ScopeReader } from '../aws/scope-reader';
import { evidenceFindingOf, evidenceFindingOfExportRow, type EvidenceFinding } from '../evidence/evidence-findings';
import { assembleEvidence } from '../evidence/assemble-evidence';
import { LedgerRunsReader, runsOfStandard } from '../evidence/ledger-runs';
import { packWithManifest } from '../evidence/write-pack';
import { standardsIdsOf } from '../findings/asff';
import { buildReport } from '../report/build-report';
import { ComplianceTally } from '../report/compliance-tally';
import { scopeFromFindings } from '../report/findings-scope';
import { renderHtml } from '../report/formats/html';
import { renderJson } from '../report/formats/json';
import type { ComplianceReport } from '../report/model';
import type { ReportScope } from '../report/report-scope';
import { AthenaEngine, type AthenaTarget } from '../report/sources/athena-engine';
import { readExportTally } from '../report/sources/query-engine';
import { calendarMonthOf } from '../dates';
import {
  nextBaseline,
  remediationWindowReport,
  windowStatus,
  windowText,
  type WindowBaseline,
  type WindowStatus,
} from '../report/remediation-window';
import { renderReviewHtml } from './review-html';
import type { RunRecord } from '../../remediation-functions/shared/ledger';

/** What a review reads and where it writes. */
export interface ReviewSettings {
  /** The evidence bucket (Object Lock enabled, default encryption SSE-KMS). */
  readonly bucket: string;
  /** The notification topic the summary goes to. */
  readonly topicArn: string;
  /** Object Lock mode and days set on every object written. */
  readonly lockMode: ObjectLockMode;
  readonly retentionDays: number;
  /** Standards an evidence pack is written for; empty for every standard in the report. */
  readonly standards: readonly string[];
  readonly organization: string | null;
  readonly administratorAccount: string | null;
  /** The aggregation Region (the function's own). */
  readonly region?: string;
  /** Targets per standard and their due date. @default none */
  readonly remediationWindow?: RemediationWindowSetting;
  /** The findings export's Athena table; the Security Hub API is read when absent. */
  readonly athena?: AthenaTarget;
  /** The remediation ledger table; each pack lists its runs of the week. @default none: the packs list no runs and scope.json says why */
  readonly ledgerTable?: string;
}

/** The clients a review uses; the caller builds them (the function with its role, tests against local AWS). */
export interface ReviewClients {
  readonly securityHub: SecurityHubClient;
  readonly s3: S3Client;
  readonly sns: SNSClient;
  /** Needed when {@link ReviewSettings.athena} is set. */
  readonly athena?: AthenaClient;
  /** Needed when {@link ReviewSettings.ledgerTable} is set. */
  readonly dynamodb?: DynamoDBClient;
}

/** One standard in the weekly summary. */
export interface StandardReview {
  readonly standardsId: string;
  readonly name: string;
  readonly score: number | null;
  /** The score at the previous review, null when there was none or it had no score. */
  readonly previousScore: number | null;
  /** Percentage points since the previous review; null when either score is missing. */
  readonly change: number | null;
  /** Progress against the remediation window's target, when it sets one for the standard. */
  readonly window?: WindowStatus;
}

/** What a review wrote and published. */
export interface ReviewOutcome {
  readonly kind: 'reviewed';
  /** `s3://bucket/reviews/<day>/`. */
  readonly location: string;
  /** Keys written, in order (latest.json last). */
  readonly keys: readonly string[];
  /** When the previous review ran, if one did. */
  readonly previousAt: string | null;
  readonly standards: readonly StandardReview[];
  /** The summary as published. */
  readonly subject: string;
  readonly message: string;
  readonly messageId: string | undefined;
}

/** What latest.json holds: the last review's scores and the window's baselines. */
interface LatestReview {
  readonly generatedAt: string;
  readonly location: string;
  readonly scores: Record<string, number | null>;
  readonly baselines: Record<string, WindowBaseline>;
}

/**
 * The weekly compliance review: reads the findings (Athena over the export, or the Security Hub
 * API), builds the same report `securityhub report` does and the evidence pack `securityhub
 * evidence` writes for each standard, stores them with Object Lock retention under
 * `reviews/<day>/`, and publishes a summary with each standard's change since the previous
 * review and its progress in the remediation window.
 */
export class ComplianceReview {
  constructor(
    private readonly clients: ReviewClients,
    private readonly settings: ReviewSettings,
  ) {}

  /** Runs one review as of `now`. */
  public async run(now: Date = new Date()): Promise<ReviewOutcome> {
    const s = this.settings;
    const read = s.athena ? await this.readAthena(now, s.athena) : await this.readApi(now);
    const previous = await this.latest();
    const built = buildReport(read.tally, read.scope, {
      generatedAt: now,
      organization: s.organization,
      administratorAccount: s.administratorAccount,
      source: s.athena ? { kind: 'athena', input: `${s.athena.database}.${s.athena.table}` } : { kind: 'api' },
      top: 10,
    });
    const report: ComplianceReport = s.remediationWindow
      ? {
          ...built,
          remediationWindow: remediationWindowReport(built, s.remediationWindow, (id) => previous?.baselines[id], now),
        }
      : built;
    const reviews = report.standards.map((standard): StandardReview => {
      const previousScore = previous?.scores[standard.standardsId] ?? null;
      const window = s.remediationWindow
        ? windowStatus(
            s.remediationWindow,
            standard.standardsId,
            standard.score,
            previous?.baselines[standard.standardsId],
            now,
          )
        : undefined;
      return {
        standardsId: standard.standardsId,
        name: standard.name,
        score: standard.score,
        previousScore,
        change: standard.score !== null && previousScore !== null ? standard.score - previousScore : null,
        ...(window ? { window } : {}),
      };
    });

    const day = now.toISOString().slice(0, 10);
    const folder = `${REVIEWS_FOLDER}${day}/`;
    const location = `s3://${s.bucket}/${folder}`;
    const objects = new Map<string, { body: string; type: string }>();
    objects.set(`${folder}report.html`, { body: renderHtml(report), type: 'text/html; charset=utf-8' });
    objects.set(`${folder}report.json`, { body: renderJson(report), type: 'application/json' });
    objects.set(`${folder}review.html`, {
      body: renderReviewHtml(report, reviews, previous?.generatedAt ?? null),
      type: 'text/html; charset=utf-8',
    });
    const wanted = s.standards.length > 0 ? s.standards : report.standards.map((x) => x.standardsId);
    const period = { since: new Date(now.getTime() - 7 * 86_400_000).toISOString(), until: now.toISOString() };
    const ledger = await this.readLedger(period);
    for (const standardsId of wanted) {
      const standard = report.standards.find((x) => x.standardsId === standardsId);
      // A standard the findings do not name has nothing to evidence; the summary says so.
      if (!standard) continue;
      const { files, scope } = assembleEvidence({
        report,
        standard,
        findings: read.findings.get(standardsId) ?? [],
        tally: read.tally,
        reportScope: read.scope,
        region: s.region,
        organization: s.organization,
        period,
        runs: runsOfStandard(ledger.runs, standardsId),
        ledger: ledger.scope,
      });
      const packed = packWithManifest(files, {
        standard: standardsId,
        generatedAt: report.generatedAt,
        toolVersion: scope.toolVersion,
      });
      for (const [name, body] of packed.files)
        objects.set(`${folder}evidence/${packFolderOf(standardsId)}/${name}`, { body, type: contentTypeOf(name) });
    }
    const missing = wanted.filter((id) => !report.standards.some((x) => x.standardsId === id));
    const { subject, message } = summaryOf(s.organization, day, report, reviews, previous, location, missing);
    objects.set(`${folder}summary.txt`, { body: message, type: 'text/plain; charset=utf-8' });
    objects.set(`${folder}summary.json`, {
      body: `${JSON.stringify({ generatedAt: report.generatedAt, location, previousAt: previous?.generatedAt ?? null, standards: reviews, missing }, null, 2)}\n`,
      type: 'application/json',
    });

    const baselines: Record<string, WindowBaseline> = {};
    if (s.remediationWindow) {
      for (const r of reviews) {
        const b = nextBaseline(s.remediationWindow, previous?.baselines[r.standardsId], r.score, now);
        if (b) baselines[r.standardsId] = b;
      }
    }
    const latest: LatestReview = {
      generatedAt: report.generatedAt,
      location,
      scores: Object.fromEntries(reviews.map((r) => [r.standardsId, r.score])),
      baselines,
    };
    // latest.json last: a review that fails halfway leaves the previous one as the comparison.
    objects.set(LATEST_REVIEW_KEY, { body: `${JSON.stringify(latest, null, 2)}\n`, type: 'application/json' });
    const retainUntil = new Date(now.getTime() + s.retentionDays * 86_400_000);
    for (const [key, { body, type }] of objects) {
      await this.clients.s3.send(
        new PutObjectCommand({
          Bucket: s.bucket,
          Key: key,
          Body: body,
          ContentType: type,
          // Set on each object as well as by the bucket's default, so the retention is visible per version and holds if the default changes.
          ObjectLockMode: s.lockMode,
          ObjectLockRetainUntilDate: retainUntil,
          // Object Lock requires an integrity checksum on every PutObject.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
    }
    const published = await this.clients.sns.send(
      new PublishCommand({ TopicArn: s.topicArn, Subject: subject, Message: message }),
    );
    return {
      kind: 'reviewed',
      location,
      keys: [...objects.keys()],
      previousAt: previous?.generatedAt ?? null,
      standards: reviews,
      subject,
      message,
      messageId: published.MessageId,
    };
  }

  /** Every ACTIVE finding from GetFindings, with the scope ListEnabledStandards and friends give. */
  private async readApi(
    now: Date,
  ): Promise<{ tally: ComplianceTally; findings: Map<string, EvidenceFinding[]>; scope: ReportScope }> {
    const tally = new ComplianceTally(calendarMonthOf(now));
    const findings = new Map<string, EvidenceFinding[]>();
    const wanted = this.settings.standards;
    for await (const finding of new FindingsReader(this.clients.securityHub).activeFindings()) {
      tally.add(finding);
      for (const standardsId of wanted.length > 0 ? wanted : standardsIdsOf(finding)) {
        const row = evidenceFindingOf(finding, standardsId);
        if (row) findings.set(standardsId, [...(findings.get(standardsId) ?? []), row]);
      }
    }
    const scope = await new ScopeReader(this.clients.securityHub).read(
      tally,
      this.settings.administratorAccount ?? undefined,
      this.settings.region,
    );
    return { tally, findings, scope };
  }

  /** The export's findings in their latest state, through Athena. */
  private async readAthena(
    now: Date,
    target: AthenaTarget,
  ): Promise<{ tally: ComplianceTally; findings: Map<string, EvidenceFinding[]>; scope: ReportScope }> {
    if (!this.clients.athena)
      throw new Error('the review reads the findings export through Athena, but no Athena client was given');
    const engine = new AthenaEngine(this.clients.athena, target);
    const where = `Athena ${target.database}.${target.table}`;
    const { tally } = await readExportTally(engine, now, {}, where);
    const scope = scopeFromFindings(tally, this.settings.region);
    const wanted =
      this.settings.standards.length > 0 ? this.settings.standards : scope.standards.map((x) => x.standardsId);
    const findings = new Map<string, EvidenceFinding[]>();
    for (const standardsId of wanted) {
      const result = await engine.query(
        'standard-findings',
        standardFindingsQuery(engine.dialect, { relation: engine.relation }, standardsId),
      );
      findings.set(standardsId, result.rows.map(evidenceFindingOfExportRow));
    }
    return { tally, findings, scope };
  }

  /** The ledger's runs of the period (every standard's), or why none were read. */
  private async readLedger(period: {
    since: string;
    until: string;
  }): Promise<{ runs: RunRecord[]; scope: { table?: string; region?: string; note?: string } }> {
    const table = this.settings.ledgerTable;
    if (table === undefined)
      return {
        runs: [],
        scope: {
          note: 'No remediation ledger is deployed (remediation is not configured): remediations.csv lists no runs.',
        },
      };
    if (!this.clients.dynamodb)
      throw new Error(`the review reads the remediation ledger ${table}, but no DynamoDB client was given`);
    try {
      const runs = await new LedgerRunsReader(this.clients.dynamodb, table).runsStartedBetween(
        period.since,
        period.until,
      );
      return { runs, scope: { table, ...(this.settings.region ? { region: this.settings.region } : {}) } };
    } catch (e) {
      // Failing the review keeps latest.json on the previous one; a pack silently missing its runs would be wrong evidence.
      throw new Error(`reading the remediation ledger ${table} failed: ${(e as Error).message}; nothing was written`);
    }
  }

  /** The previous review's scores, or undefined before the first review. */
  private async latest(): Promise<LatestReview | undefined> {
    let text: string;
    try {
      const got = await this.clients.s3.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: LATEST_REVIEW_KEY }),
      );
      text = (await got.Body?.transformToString()) ?? '';
    } catch (e) {
      if ((e as { name?: string }).name === 'NoSuchKey') return undefined;
      throw e;
    }
    return parseLatest(text);
  }
}

/** latest.json, checked: a damaged one is treated as absent (the next review starts a fresh comparison) rather than trusted. */
function parseLatest(text: string): LatestReview | undefined {
  try {
    const v = JSON.parse(text) as Partial<LatestReview>;
    const scoreOk = (x: unknown) => x === null || (typeof x === 'number' && x >= 0 && x <= 100);
    if (
      typeof v.generatedAt !== 'string' ||
      typeof v.location !== 'string' ||
      typeof v.scores !== 'object' ||
      v.scores === null ||
      !Object.values(v.scores).every(scoreOk) ||
      typeof v.baselines !== 'object' ||
      v.baselines === null ||
      !Object.values(v.baselines).every((b) => typeof b?.at === 'string' && scoreOk(b.score))
    )
      return undefined;
    return v as LatestReview;
  } catch {
    return undefined;
  }
}

/** The folder of a standard's pack: `standards/pci-dss/v/4.0.1` -> `pci-dss-v-4.0.1`. */
export function packFolderOf(standardsId: string): string {
  return standardsId.replace(/^(standards|ruleset)\//, '').replace(/[^A-Za-z0-9.-]+/g, '-');
}

function contentTypeOf(name: string): string {
  if (name.endsWith('.html')) return 'text/html; charset=utf-8';
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.csv')) return 'text/csv; charset=utf-8';
  return 'text/plain; charset=utf-8';
}

/** The summary published to the topic: one line a standard, its change since the previous review and its window verdict. */
export function summaryOf(
  organization: string | null,
  day: string,
  report: ComplianceReport,
  reviews: readonly StandardReview[],
  previous: { generatedAt: string } | undefined,
  location: string,
  missing: readonly string[],
): { subject: string; message: string } {
  const since = previous ? ` since ${previous.generatedAt.slice(0, 10)}` : '';
  const lines = reviews.map((r) => {
    const score = r.score === null ? 'no data' : `${r.score}%`;
    const change =
      r.change === null
        ? previous
          ? ' (no earlier score)'
          : ' (first review)'
        : ` (${r.change > 0 ? '+' : r.change < 0 ? '' : '±'}${r.change} points${since})`;
    return `- ${r.name}: ${score}${change}${r.window ? `; ${windowText(r.window)}` : ''}`;
  });
  const behind = reviews.filter((r) => r.window?.verdict === 'behind' || r.window?.verdict === 'missed').length;
  const who = organization ?? 'the organization';
  const subject =
    `Security Hub weekly review ${day}: ${reviews.length} standard${reviews.length === 1 ? '' : 's'}${behind > 0 ? `, ${behind} behind target` : ''}`.slice(
      0,
      100,
    );
  const message = [
    `Compliance review of ${who}, ${day} (findings from ${report.source.kind === 'athena' ? `the findings export, Athena ${report.source.input}` : 'the Security Hub API'}; ${report.findingsRead} active findings, ${report.accountsInScope} accounts).`,
    '',
    ...(lines.length > 0 ? lines : ['- No enabled standard has findings.']),
    ...(missing.length > 0
      ? [
          '',
          `No findings for ${missing.join(', ')}: no evidence pack was written for ${missing.length === 1 ? 'it' : 'them'}.`,
        ]
      : []),
    '',
    `Report, review and evidence packs (Object Lock): ${location}`,
    '',
  ].join('\n');
  return { subject, message };
}
