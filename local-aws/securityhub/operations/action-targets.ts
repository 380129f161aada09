import { randomUUID } from 'node:crypto';
import { actionTargetArn } from '../arns';
import { conflict, limitExceeded, notFound } from '../errors';
import { compact, readMaxResults, readNextToken, type Operation } from '../operation';
import { scopeOf } from '../pagination';
import { readString, readStringList } from '../validate';

/** Security Hub allows 50 custom actions per account and Region. */
export const MAX_ACTION_TARGETS = 50;

/** Custom actions (action targets) that send findings to EventBridge. */
export const ACTION_TARGET_OPERATIONS: readonly Operation[] = [
  {
    name: 'CreateActionTarget',
    method: 'POST',
    path: '/actionTargets',
    handler: ({ caller, state, body }) => {
      const name = readString(body, 'Name', { required: true, min: 1, max: 20 });
      const description = readString(body, 'Description', { required: true, min: 1, max: 256 });
      const id = readString(body, 'Id', { required: true, min: 1, max: 20, pattern: /^[A-Za-z0-9]+$/ });
      const hub = state.requireHub(caller);
      const arn = actionTargetArn(caller, id);
      if (hub.actionTargets.has(arn)) throw conflict(`Action target ${arn} already exists`);
      if (hub.actionTargets.size >= MAX_ACTION_TARGETS)
        throw limitExceeded(`You can create at most ${MAX_ACTION_TARGETS} custom actions`);
      hub.actionTargets.set(arn, { arn, name, description });
      return { ActionTargetArn: arn };
    },
  },
  {
    name: 'DescribeActionTargets',
    method: 'POST',
    path: '/actionTargets/get',
    handler: (ctx) => {
      const { caller, state, body } = ctx;
      const arns = readStringList(body, 'ActionTargetArns');
      const maxResults = readMaxResults(ctx, 100, 100, 'body');
      const hub = state.requireHub(caller);
      const targets = [...hub.actionTargets.values()].filter((t) => !arns || arns.includes(t.arn));
      const page = state.tokens.page(
        targets,
        scopeOf('DescribeActionTargets', caller.accountId, caller.region, { arns }),
        {
          nextToken: readNextToken(ctx, 'body'),
          maxResults,
        },
      );
      return compact({
        ActionTargets: page.items.map((t) => ({ ActionTargetArn: t.arn, Name: t.name, Description: t.description })),
        NextToken: page.nextToken,
      });
    },
  },
  {
    name: 'UpdateActionTarget',
    method: 'PATCH',
    path: '/actionTargets/{ActionTargetArn+}',
    handler: ({ caller, state, body, params }) => {
      const name = readString(body, 'Name', { min: 1, max: 20 });
      const description = readString(body, 'Description', { min: 1, max: 256 });
      const target = state.requireHub(caller).actionTargets.get(params.ActionTargetArn);
      if (!target) throw notFound(`Action target ${params.ActionTargetArn} not found`);
      if (name !== undefined) target.name = name;
      if (description !== undefined) target.description = description;
      return {};
    },
  },
  {
    name: 'DeleteActionTarget',
    method: 'DELETE',
    path: '/actionTargets/{ActionTargetArn+}',
    handler: ({ caller, state, params }) => {
      const hub = state.requireHub(caller);
      if (!hub.actionTargets.delete(params.ActionTargetArn))
        throw notFound(`Action target ${params.ActionTargetArn} not found`);
      return { ActionTargetArn: params.ActionTargetArn };
    },
  },
];

/** A fresh resource id in the format the service uses for insights, rules and aggregators. */
export function newResourceId(): string {
  return randomUUID();
}
