import * as os from 'node:os';
import * as path from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CliError } from '../errors';
import type { ControlStatus } from './control-status';
import type { ComplianceReport, StandardCounts } from './model';

/** Environment variable that names the history file. */
export const HISTORY_FILE_ENV = 'SECURITYHUB_REPORT_HISTORY';

/**
 * The default history file: $SECURITYHUB_REPORT_HISTORY, else
 * $XDG_STATE_HOME/securityhub/report-history.sqlite, else ~/.local/state/securityhub/report-history.sqlite.
 */
export function defaultHistoryFile(env: NodeJS.ProcessEnv): string {
  if (env[HISTORY_FILE_ENV]) return env[HISTORY_FILE_ENV];
  const state = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(state, 'securityhub', 'report-history.sqlite');
}

/** One saved report's score for one standard: the report's figures, with the run they came from. */
export interface SavedStandardScore extends Pick<
  StandardCounts,
  'standardsId' | 'name' | 'shortName' | 'score' | 'passed' | 'failed' | 'unknown'
> {
  readonly runId: number;
  readonly generatedAt: string;
}

/** One saved report's status for one control in one standard. */
export interface SavedControlResult {
  readonly standardsId: string;
  readonly controlId: string;
  readonly title: string;
  readonly status: ControlStatus;
}

// Figures only, no findings: the file stays small (controls x standards per run) and holds no resource ids.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS report_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  generated_at TEXT NOT NULL,
  organization TEXT,
  administrator_account TEXT,
  source TEXT NOT NULL,
  accounts_in_scope INTEGER NOT NULL,
  findings_read INTEGER NOT NULL,
  total_active INTEGER NOT NULL,
  critical INTEGER NOT NULL,
  high INTEGER NOT NULL,
  medium INTEGER NOT NULL,
  low INTEGER NOT NULL,
  informational INTEGER NOT NULL,
  suppressed INTEGER NOT NULL,
  auto_remediated INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS report_runs_generated_at ON report_runs (generated_at);
CREATE TABLE IF NOT EXISTS standard_scores (
  run_id INTEGER NOT NULL REFERENCES report_runs (id) ON DELETE CASCADE,
  standards_id TEXT NOT NULL,
  standards_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  short_name TEXT NOT NULL,
  score INTEGER,
  passed INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  unknown INTEGER NOT NULL,
  no_data INTEGER NOT NULL,
  disabled INTEGER NOT NULL,
  PRIMARY KEY (run_id, standards_id)
);
CREATE TABLE IF NOT EXISTS control_results (
  run_id INTEGER NOT NULL REFERENCES report_runs (id) ON DELETE CASCADE,
  standards_id TEXT NOT NULL,
  control_id TEXT NOT NULL,
  title TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  failed_accounts INTEGER NOT NULL,
  PRIMARY KEY (run_id, standards_id, control_id)
);
`;

/** The local SQLite file of saved report figures that `--save` writes and `--trend` reads. */
export class ReportHistory {
  private constructor(private readonly db: Database.Database) {}

  /**
   * Opens (creating when asked) a history file.
   * @throws CliError naming the file when it cannot be opened or is not a history file
   */
  public static open(file: string, options: { create: boolean }): ReportHistory {
    try {
      if (options.create) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      const db = new Database(file, { fileMustExist: !options.create });
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      db.exec(SCHEMA);
      return new ReportHistory(db);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why =
        err.code === 'SQLITE_CANTOPEN' && !options.create
          ? 'no such history file; save reports with `securityhub report --save` first'
          : `${err.code ?? ''} ${err.message}`.trim();
      throw new CliError(`--history ${file}: cannot open it (${why}).`);
    }
  }

  /** Saves one report's figures in one transaction. @returns the run id */
  public save(report: ComplianceReport): number {
    const f = report.findings;
    const insertRun = this.db
      .prepare(`INSERT INTO report_runs (generated_at, organization, administrator_account, source, accounts_in_scope, findings_read,
      total_active, critical, high, medium, low, informational, suppressed, auto_remediated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertStandard = this.db
      .prepare(`INSERT INTO standard_scores (run_id, standards_id, standards_arn, name, short_name, score, passed, failed, unknown, no_data, disabled)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertControl = this.db.prepare(
      `INSERT INTO control_results (run_id, standards_id, control_id, title, severity, status, failed_accounts) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.db.transaction(() => {
      const runId = Number(
        insertRun.run(
          report.generatedAt,
          report.organization,
          report.administratorAccount,
          report.source.kind,
          report.accountsInScope,
          report.findingsRead,
          f.totalActive,
          f.bySeverity.CRITICAL,
          f.bySeverity.HIGH,
          f.bySeverity.MEDIUM,
          f.bySeverity.LOW,
          f.bySeverity.INFORMATIONAL,
          f.suppressed,
          f.autoRemediatedThisMonth,
        ).lastInsertRowid,
      );
      for (const s of report.standards) {
        insertStandard.run(
          runId,
          s.standardsId,
          s.standardsArn,
          s.name,
          s.shortName,
          s.score,
          s.passed,
          s.failed,
          s.unknown,
          s.noData,
          s.disabled,
        );
        for (const c of s.controls)
          insertControl.run(runId, s.standardsId, c.controlId, c.title, c.severity, c.status, c.failedAccounts);
      }
      return runId;
    })();
  }

  /**
   * Saved standard scores from `since` up to `until` (ISO timestamps, inclusive), oldest first.
   * @param organization only runs of this organization, when given
   */
  public scores(since: string, until: string, organization: string | null): SavedStandardScore[] {
    return this.db
      .prepare(
        `SELECT r.id AS runId, r.generated_at AS generatedAt, s.standards_id AS standardsId, s.name, s.short_name AS shortName,
        s.score, s.passed, s.failed, s.unknown
      FROM report_runs r JOIN standard_scores s ON s.run_id = r.id
      WHERE r.generated_at >= ? AND r.generated_at <= ? AND (? IS NULL OR r.organization = ?)
      ORDER BY r.generated_at, r.id, s.standards_id`,
      )
      .all(since, until, organization, organization) as SavedStandardScore[];
  }

  /** The control statuses saved with one run. */
  public controls(runId: number): SavedControlResult[] {
    return this.db
      .prepare(
        `SELECT standards_id AS standardsId, control_id AS controlId, title, status FROM control_results WHERE run_id = ? ORDER BY rowid`,
      )
      .all(runId) as SavedControlResult[];
  }

  /** Closes the file. */
  public close(): void {
    this.db.close();
  }
}
