/*
 * Security Hub automation rules as plain data: the remediation plan writes shadow-mode rules in
 * this shape and the AutomationRules construct deploys them.
 */
import type { SeverityLabel } from '../core/severity';
import type { FindingFilters } from './finding-filters';

/** What a rule changes on matching findings. */
export interface AutomationRuleActions {
  /** New workflow status. @default unchanged */
  readonly workflowStatus?: 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED';
  /** New severity label. @default unchanged */
  readonly severityLabel?: SeverityLabel;
  /** Note added to the finding. @default none */
  readonly note?: string;
  /** User-defined fields set on the finding. @default none */
  readonly userDefinedFields?: Readonly<Record<string, string>>;
}

/** One automation rule. */
export interface AutomationRuleDefinition {
  /** Rule name. */
  readonly name: string;
  /** What the rule is for. */
  readonly description: string;
  /** Evaluation order (1-1000, lower first). */
  readonly order: number;
  /** Stop evaluating later rules for a matching finding. @default false */
  readonly terminal?: boolean;
  /** Rule enabled. @default true */
  readonly enabled?: boolean;
  /** Which findings the rule matches, by API field name. */
  readonly criteria: FindingFilters;
  /** What the rule changes. */
  readonly actions: AutomationRuleActions;
}
