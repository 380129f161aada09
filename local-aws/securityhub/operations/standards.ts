import type { SecurityStandard } from '../../../domain/security-standard';
import { standardsControlArn } from '../arns';
import { controlDescription, controlsOf, remediationUrl, standardByArn, standardsPath, STANDARDS } from '../catalogue';
import { invalidInput, notFound } from '../errors';
import { compact, readMaxResults, readNextToken, type Operation } from '../operation';
import { scopeOf } from '../pagination';
import { associationKey, type Hub, type StandardsSubscriptionState } from '../state';
import { isObject, readEnum, readList, readString, readStringList, readStringMap } from '../validate';

/** Enables a standard in a hub; enabling one that is already enabled returns the existing subscription. */
export function subscribe(
  hub: Hub,
  standard: SecurityStandard,
  input: Record<string, string>,
): StandardsSubscriptionState {
  const standardsArn = standard.arn(hub.region, hub.caller.partition);
  const existing = hub.standards.get(standardsArn);
  if (existing) return existing;
  const subscription: StandardsSubscriptionState = {
    subscriptionArn: standard.subscriptionArn(hub.region, hub.accountId, hub.caller.partition),
    standardsArn,
    standard,
    input,
  };
  hub.standards.set(standardsArn, subscription);
  return subscription;
}

function renderSubscription(s: StandardsSubscriptionState, status: string): Record<string, unknown> {
  return {
    StandardsSubscriptionArn: s.subscriptionArn,
    StandardsArn: s.standardsArn,
    StandardsInput: s.input,
    StandardsStatus: status,
    StandardsControlsUpdatable: 'READY_FOR_UPDATES',
  };
}

/** The hub's subscription with this ARN. @throws ResourceNotFoundException */
function subscriptionByArn(hub: Hub, arn: string): StandardsSubscriptionState {
  for (const s of hub.standards.values()) if (s.subscriptionArn === arn) return s;
  throw notFound(`Standards subscription ${arn} not found`);
}

/** Whether a control is enabled in a standard, as the hub records it (enabled unless disabled). */
export function associationOf(
  hub: Hub,
  securityControlId: string,
  standardsArn: string,
): { status: 'ENABLED' | 'DISABLED'; updatedReason?: string; updatedAt?: string } {
  return hub.associations.get(associationKey(securityControlId, standardsArn)) ?? { status: 'ENABLED' };
}

/** Describes standards, enables and disables them, and manages their controls (the older, per-standard API). */
export const STANDARDS_OPERATIONS: readonly Operation[] = [
  {
    name: 'DescribeStandards',
    method: 'GET',
    path: '/standards',
    handler: (ctx) => {
      ctx.state.requireHub(ctx.caller);
      const all = STANDARDS.map((s) => ({
        StandardsArn: s.standard.arn(ctx.caller.region, ctx.caller.partition),
        Name: s.standard.name,
        Description: s.description,
        EnabledByDefault: s.enabledByDefault,
        StandardsManagedBy: { Company: 'AWS', Product: 'Security Hub' },
      }));
      const page = ctx.state.tokens.page(
        all,
        scopeOf('DescribeStandards', ctx.caller.accountId, ctx.caller.region, {}),
        {
          nextToken: readNextToken(ctx),
          maxResults: readMaxResults(ctx, 100),
        },
      );
      return compact({ Standards: page.items, NextToken: page.nextToken });
    },
  },
  {
    name: 'BatchEnableStandards',
    method: 'POST',
    path: '/standards/register',
    handler: ({ caller, state, body }) => {
      const requests = readList(body, 'StandardsSubscriptionRequests', {
        required: true,
        min: 1,
        max: 25,
      }) as unknown[];
      const hub = state.requireHub(caller);
      const parsed = requests.map((request) => {
        if (!isObject(request)) throw invalidInput('Each StandardsSubscriptionRequest must be an object');
        const arn = readString(request, 'StandardsArn', { required: true });
        const standard = standardByArn(arn, caller.region);
        if (!standard) throw invalidInput(`StandardsArn ${arn} is not a valid standard in ${caller.region}`);
        return { standard: standard.standard, input: readStringMap(request, 'StandardsInput') ?? {} };
      });
      const subscriptions = parsed.map(({ standard, input }) =>
        renderSubscription(subscribe(hub, standard, input), 'PENDING'),
      );
      return { StandardsSubscriptions: subscriptions };
    },
  },
  {
    name: 'BatchDisableStandards',
    method: 'POST',
    path: '/standards/deregister',
    handler: ({ caller, state, body }) => {
      const arns = readStringList(body, 'StandardsSubscriptionArns', { required: true, min: 1, max: 25 }) as string[];
      const hub = state.requireHub(caller);
      const found = arns.map((arn) => subscriptionByArn(hub, arn));
      for (const s of found) {
        hub.standards.delete(s.standardsArn);
        for (const key of [...hub.associations.keys()])
          if (key.endsWith(`\u0000${s.standardsArn}`)) hub.associations.delete(key);
      }
      return { StandardsSubscriptions: found.map((s) => renderSubscription(s, 'DELETING')) };
    },
  },
  {
    name: 'GetEnabledStandards',
    method: 'POST',
    path: '/standards/get',
    handler: (ctx) => {
      const { caller, state, body } = ctx;
      const arns = readStringList(body, 'StandardsSubscriptionArns', { min: 1, max: 25 });
      const maxResults = readMaxResults(ctx, 100, 100, 'body');
      const hub = state.requireHub(caller);
      const selected = [...hub.standards.values()].filter((s) => !arns || arns.includes(s.subscriptionArn));
      const page = state.tokens.page(
        selected,
        scopeOf('GetEnabledStandards', caller.accountId, caller.region, { arns }),
        {
          nextToken: readNextToken(ctx, 'body'),
          maxResults,
        },
      );
      return compact({
        StandardsSubscriptions: page.items.map((s) => renderSubscription(s, 'READY')),
        NextToken: page.nextToken,
      });
    },
  },
  {
    name: 'DescribeStandardsControls',
    method: 'GET',
    path: '/standards/controls/{StandardsSubscriptionArn+}',
    handler: (ctx) => {
      const { caller, state, params } = ctx;
      const maxResults = readMaxResults(ctx, 100);
      const hub = state.requireHub(caller);
      const subscription = subscriptionByArn(hub, params.StandardsSubscriptionArn);
      const path = standardsPath(subscription.standard);
      const controls = controlsOf(subscription.standard).map((control) => {
        const association = associationOf(hub, control.securityControlId, subscription.standardsArn);
        return compact({
          StandardsControlArn: standardsControlArn(caller, path, control.securityControlId),
          ControlStatus: association.status,
          DisabledReason: association.status === 'DISABLED' ? association.updatedReason : undefined,
          ControlStatusUpdatedAt: association.updatedAt ?? hub.subscribedAt,
          ControlId: control.securityControlId,
          Title: control.title,
          Description: controlDescription(control),
          RemediationUrl: remediationUrl(control.securityControlId),
          SeverityRating: control.severity,
          RelatedRequirements: [...(control.requirements?.[subscription.standard.standardsId] ?? [])],
        });
      });
      const page = state.tokens.page(
        controls,
        scopeOf('DescribeStandardsControls', caller.accountId, caller.region, { s: subscription.subscriptionArn }),
        {
          nextToken: readNextToken(ctx),
          maxResults,
        },
      );
      return compact({ Controls: page.items, NextToken: page.nextToken });
    },
  },
  {
    name: 'UpdateStandardsControl',
    method: 'PATCH',
    path: '/standards/control/{StandardsControlArn+}',
    handler: ({ caller, state, body, params, now }) => {
      const status = readEnum(body, 'ControlStatus', ['ENABLED', 'DISABLED'] as const);
      const reason = readString(body, 'DisabledReason', { min: 1 });
      if (status === 'DISABLED' && !reason)
        throw invalidInput('DisabledReason is required when ControlStatus is DISABLED');
      const hub = state.requireHub(caller);
      const arn = params.StandardsControlArn;
      for (const subscription of hub.standards.values()) {
        const prefix = standardsControlArn(caller, standardsPath(subscription.standard), '');
        if (!arn.startsWith(prefix)) continue;
        const controlId = arn.slice(prefix.length);
        if (!controlsOf(subscription.standard).some((c) => c.securityControlId === controlId)) break;
        if (status)
          hub.associations.set(associationKey(controlId, subscription.standardsArn), {
            status,
            updatedReason: status === 'DISABLED' ? reason : undefined,
            updatedAt: now,
          });
        return {};
      }
      throw notFound(`Standards control ${arn} not found`);
    },
  },
];
