import { insightArn } from '../arns';
import { invalidInput, limitExceeded, notFound } from '../errors';
import { pathForField, valuesAt } from '../findings/fields';
import { compileFilters } from '../findings/filters';
import { compact, readMaxResults, readNextToken, type Operation } from '../operation';
import { scopeOf } from '../pagination';
import type { Hub, InsightState } from '../state';
import { readObject, readString, readStringList, type JsonObject } from '../validate';
import { newResourceId } from './action-targets';

/** Security Hub allows 100 custom insights per account and Region. */
export const MAX_INSIGHTS = 100;

function readGroupBy(body: JsonObject, required: boolean): string | undefined {
  const group = readString(body, 'GroupByAttribute', { required, min: 1 });
  if (group !== undefined && !pathForField(group))
    throw invalidInput(`GroupByAttribute ${group} is not a finding attribute`);
  return group;
}

function insightOf(hub: Hub, arn: string): InsightState {
  const insight = hub.insights.get(arn);
  if (!insight) throw notFound(`Insight ${arn} not found`);
  return insight;
}

function render(insight: InsightState): JsonObject {
  return {
    InsightArn: insight.arn,
    Name: insight.name,
    Filters: insight.filters,
    GroupByAttribute: insight.groupByAttribute,
  };
}

/** Custom insights and their results. */
export const INSIGHT_OPERATIONS: readonly Operation[] = [
  {
    name: 'CreateInsight',
    method: 'POST',
    path: '/insights',
    handler: ({ caller, state, body }) => {
      const name = readString(body, 'Name', { required: true, min: 1, max: 128 });
      const filters = readObject(body, 'Filters', true) as JsonObject;
      const groupBy = readGroupBy(body, true) as string;
      compileFilters(filters);
      const hub = state.requireHub(caller);
      if (hub.insights.size >= MAX_INSIGHTS)
        throw limitExceeded(`You can create at most ${MAX_INSIGHTS} custom insights`);
      const arn = insightArn(caller, newResourceId());
      hub.insights.set(arn, { arn, name, filters, groupByAttribute: groupBy });
      return { InsightArn: arn };
    },
  },
  {
    name: 'GetInsights',
    method: 'POST',
    path: '/insights/get',
    handler: (ctx) => {
      const { caller, state, body } = ctx;
      const arns = readStringList(body, 'InsightArns');
      const maxResults = readMaxResults(ctx, 100, 100, 'body');
      const hub = state.requireHub(caller);
      const insights = arns ? arns.map((arn) => insightOf(hub, arn)) : [...hub.insights.values()];
      const page = state.tokens.page(insights, scopeOf('GetInsights', caller.accountId, caller.region, { arns }), {
        nextToken: readNextToken(ctx, 'body'),
        maxResults,
      });
      return compact({ Insights: page.items.map(render), NextToken: page.nextToken });
    },
  },
  {
    name: 'UpdateInsight',
    method: 'PATCH',
    path: '/insights/{InsightArn+}',
    handler: ({ caller, state, body, params }) => {
      const name = readString(body, 'Name', { min: 1, max: 128 });
      const filters = readObject(body, 'Filters');
      const groupBy = readGroupBy(body, false);
      if (filters) compileFilters(filters);
      const insight = insightOf(state.requireHub(caller), params.InsightArn);
      if (name !== undefined) insight.name = name;
      if (filters) insight.filters = filters;
      if (groupBy !== undefined) insight.groupByAttribute = groupBy;
      return {};
    },
  },
  {
    name: 'DeleteInsight',
    method: 'DELETE',
    path: '/insights/{InsightArn+}',
    handler: ({ caller, state, params }) => {
      const hub = state.requireHub(caller);
      insightOf(hub, params.InsightArn);
      hub.insights.delete(params.InsightArn);
      return { InsightArn: params.InsightArn };
    },
  },
  {
    name: 'GetInsightResults',
    method: 'GET',
    path: '/insights/results/{InsightArn+}',
    handler: ({ caller, state, params }) => {
      const insight = insightOf(state.requireHub(caller), params.InsightArn);
      const path = pathForField(insight.groupByAttribute) as string;
      const counts = new Map<string, number>();
      const selected = state.queries.all({
        scope: '',
        visible: state.visibleTo(caller),
        matches: compileFilters(insight.filters),
        sort: [],
      });
      for (const stored of selected) {
        // A finding with several values (several resources, say) counts once in each group.
        const values = new Set(
          valuesAt(stored.finding, path).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
        );
        for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const resultValues = [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 100)
        .map(([value, count]) => ({ GroupByAttributeValue: value, Count: count }));
      return {
        InsightResults: {
          InsightArn: insight.arn,
          GroupByAttribute: insight.groupByAttribute,
          ResultValues: resultValues,
        },
      };
    },
  },
];
