import { findingAggregatorArn, parseArn } from '../arns';
import { conflict, invalidInput, notFound } from '../errors';
import type { Caller } from '../identity';
import { compact, readMaxResults, readNextToken, type Operation } from '../operation';
import { scopeOf } from '../pagination';
import type { AggregatorState, EmulatorState, Hub } from '../state';
import { readEnum, readString, readStringList, type JsonObject } from '../validate';
import { newResourceId } from './action-targets';

const LINKING_MODES = ['ALL_REGIONS', 'ALL_REGIONS_EXCEPT_SPECIFIED', 'SPECIFIED_REGIONS', 'NO_REGIONS'] as const;

function readLinking(body: JsonObject): { mode: string; regions: string[] } {
  const mode = readEnum(body, 'RegionLinkingMode', LINKING_MODES, true) as string;
  const regions = readStringList(body, 'Regions', { pattern: /^[a-z]{2}(-gov)?-[a-z]+-\d$/ }) ?? [];
  const needsRegions = mode === 'ALL_REGIONS_EXCEPT_SPECIFIED' || mode === 'SPECIFIED_REGIONS';
  if (needsRegions && regions.length === 0) throw invalidInput(`Regions is required when RegionLinkingMode is ${mode}`);
  if (!needsRegions && regions.length > 0)
    throw invalidInput(`Regions must not be set when RegionLinkingMode is ${mode}`);
  return { mode, regions };
}

/** The caller's aggregator with this ARN, kept in the hub of the Region the ARN names. */
function aggregatorByArn(state: EmulatorState, caller: Caller, arn: string): { hub: Hub; aggregator: AggregatorState } {
  const parsed = parseArn(arn);
  const hub = parsed && parsed.account === caller.accountId ? state.hubOf(caller.accountId, parsed.region) : undefined;
  if (!hub?.aggregator || hub.aggregator.arn !== arn) throw notFound(`Finding aggregator ${arn} not found`);
  return { hub, aggregator: hub.aggregator };
}

function render(a: AggregatorState): JsonObject {
  return compact({
    FindingAggregatorArn: a.arn,
    FindingAggregationRegion: a.region,
    RegionLinkingMode: a.linkingMode,
    // Regions come back only when the mode lists some, as they went in.
    Regions: a.regions.length > 0 ? a.regions : undefined,
  });
}

/** Cross-Region aggregation: one aggregator per account, in the aggregation Region. */
export const AGGREGATOR_OPERATIONS: readonly Operation[] = [
  {
    name: 'CreateFindingAggregator',
    method: 'POST',
    path: '/findingAggregator/create',
    handler: ({ caller, state, body }) => {
      const { mode, regions } = readLinking(body);
      const hub = state.requireHub(caller);
      for (const other of state.hubs.values()) {
        if (other.accountId === caller.accountId && other.aggregator)
          throw conflict(`Account ${caller.accountId} already has a finding aggregator in ${other.region}`);
      }
      hub.aggregator = {
        arn: findingAggregatorArn(caller, newResourceId()),
        region: caller.region,
        linkingMode: mode,
        regions,
      };
      return render(hub.aggregator);
    },
  },
  {
    name: 'GetFindingAggregator',
    method: 'GET',
    path: '/findingAggregator/get/{FindingAggregatorArn+}',
    handler: ({ caller, state, params }) => {
      state.requireHub(caller);
      return render(aggregatorByArn(state, caller, params.FindingAggregatorArn).aggregator);
    },
  },
  {
    name: 'UpdateFindingAggregator',
    method: 'PATCH',
    path: '/findingAggregator/update',
    handler: ({ caller, state, body }) => {
      const arn = readString(body, 'FindingAggregatorArn', { required: true });
      const { mode, regions } = readLinking(body);
      state.requireHub(caller);
      const { aggregator } = aggregatorByArn(state, caller, arn);
      aggregator.linkingMode = mode;
      aggregator.regions = regions;
      return render(aggregator);
    },
  },
  {
    name: 'DeleteFindingAggregator',
    method: 'DELETE',
    path: '/findingAggregator/delete/{FindingAggregatorArn+}',
    handler: ({ caller, state, params }) => {
      state.requireHub(caller);
      const { hub } = aggregatorByArn(state, caller, params.FindingAggregatorArn);
      if (hub.organizationConfiguration?.configurationType === 'CENTRAL') {
        throw invalidInput(
          'The finding aggregator cannot be deleted while central configuration is enabled in its Region',
        );
      }
      hub.aggregator = undefined;
      return {};
    },
  },
  {
    name: 'ListFindingAggregators',
    method: 'GET',
    path: '/findingAggregator/list',
    handler: (ctx) => {
      const { caller, state } = ctx;
      const maxResults = readMaxResults(ctx, 100);
      state.requireHub(caller);
      const arns: JsonObject[] = [];
      for (const hub of state.hubs.values()) {
        if (hub.accountId === caller.accountId && hub.aggregator)
          arns.push({ FindingAggregatorArn: hub.aggregator.arn });
      }
      const page = state.tokens.page(arns, scopeOf('ListFindingAggregators', caller.accountId, caller.region, {}), {
        nextToken: readNextToken(ctx),
        maxResults,
      });
      return compact({ FindingAggregators: page.items, NextToken: page.nextToken });
    },
  },
];
