import { lambdaRuntimeStatus } from '../../../core/lambda-runtimes';
import type { ResourceChange } from '../plan';
import { valueAt } from '../values';
import { flag, inspect, type PlanContext, type RiskFlag } from './rule';

/** Days ahead of a scheduled deprecation from which a function created or updated on it is flagged (medium). */
export const RUNTIME_DEPRECATION_WARNING_DAYS = 180;

/**
 * A Lambda function created, updated or replaced on a runtime AWS Lambda has deprecated (high:
 * no security patches, and AWS blocks creating and then updating functions on it, so the apply
 * itself fails), or whose deprecation is less than 180 days away (medium). Dates come from
 * core/lambda-runtimes.ts; runtimes it does not list are not flagged.
 */
export function lambdaRuntimeDeprecated(change: ResourceChange, plan?: PlanContext): RiskFlag[] {
  const c = inspect(change);
  if (change.type !== 'aws_lambda_function' || !c || c.kind === 'destroy') return [];
  const runtime = valueAt(c.after, ['runtime']);
  if (typeof runtime !== 'string') return [];
  const now = plan?.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const status = lambdaRuntimeStatus(runtime, today);
  const move =
    status.state !== 'unknown' && status.replacement
      ? `; move to ${status.replacement}`
      : '; move to a supported runtime';
  const before = valueAt(c.before, ['runtime']);
  const detail = [
    typeof before === 'string' && before !== runtime ? `runtime ${before} -> ${runtime}` : `runtime = ${runtime}`,
  ];
  if (status.state === 'deprecated') {
    return [
      flag(
        'lambda-runtime-deprecated',
        'high',
        change,
        `Runtime ${runtime} was deprecated by AWS Lambda on ${status.deprecation}: it gets no security patches and AWS refuses to create, then to update, functions on it${move}.`,
        detail,
      ),
    ];
  }
  const soon = new Date(now.getTime() + RUNTIME_DEPRECATION_WARNING_DAYS * 86_400_000).toISOString().slice(0, 10);
  if (status.state === 'deprecation-scheduled' && status.deprecation <= soon) {
    return [
      flag(
        'lambda-runtime-deprecated',
        'medium',
        change,
        `Runtime ${runtime} is deprecated by AWS Lambda on ${status.deprecation}, within ${RUNTIME_DEPRECATION_WARNING_DAYS} days${move}.`,
        detail,
      ),
    ];
  }
  return [];
}
