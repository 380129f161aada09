export {
  CHANGE_KINDS,
  changeKind,
  summarizeChanges,
  type ChangeCounts,
  type ChangeKind,
  type ChangeSummary,
  type ResourceTypeChanges,
} from './changes';
export { readPlanSources, stackNameOf, type PlanSource } from './input';
export { parsePlan, PlanInputError, type ResourceChange, type TerraformPlan } from './plan';
export { JSON_SCHEMA_VERSION, renderJson, renderMarkdown, reviewExitCode } from './render';
export { reviewPlans, reviewStack, type PlanReview, type StackReview } from './review';
export { RISK_RULES, type RiskFlag, type RiskRule, type Severity } from './rules';
