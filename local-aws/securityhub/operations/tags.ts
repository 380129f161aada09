import { notFound } from '../errors';
import type { Operation } from '../operation';
import type { EmulatorState } from '../state';
import { readTags } from '../validate';

/** True for the ARNs Security Hub lets you tag: hubs, automation rules and configuration policies. */
function taggable(state: EmulatorState, arn: string): boolean {
  for (const hub of state.hubs.values()) {
    if (hub.arn === arn || hub.automationRules.has(arn)) return true;
    for (const policy of hub.configurationPolicies.values()) if (policy.arn === arn) return true;
  }
  return false;
}

function requireTaggable(state: EmulatorState, arn: string): void {
  if (!taggable(state, arn)) throw notFound(`Resource ${arn} not found`);
}

/** Tags on hubs, automation rules and configuration policies. */
export const TAG_OPERATIONS: readonly Operation[] = [
  {
    name: 'ListTagsForResource',
    method: 'GET',
    path: '/tags/{ResourceArn}',
    handler: ({ state, params }) => {
      requireTaggable(state, params.ResourceArn);
      return { Tags: { ...(state.tags.get(params.ResourceArn) ?? {}) } };
    },
  },
  {
    name: 'TagResource',
    method: 'POST',
    path: '/tags/{ResourceArn}',
    handler: ({ state, body, params }) => {
      const tags = readTags(body) ?? {};
      requireTaggable(state, params.ResourceArn);
      state.tags.set(params.ResourceArn, { ...(state.tags.get(params.ResourceArn) ?? {}), ...tags });
      return {};
    },
  },
  {
    name: 'UntagResource',
    method: 'DELETE',
    path: '/tags/{ResourceArn}',
    handler: ({ state, query, params }) => {
      requireTaggable(state, params.ResourceArn);
      const current = { ...(state.tags.get(params.ResourceArn) ?? {}) };
      for (const key of query.getAll('tagKeys')) delete current[key];
      state.tags.set(params.ResourceArn, current);
      return {};
    },
  },
];
