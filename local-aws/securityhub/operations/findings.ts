import { invalidInput } from '../errors';
import { SEVERITY_LABELS, VERIFICATION_STATES, WORKFLOW_STATUSES } from '../findings/asff';
import { applyFieldUpdates } from '../findings/automation';
import { compileFilters } from '../findings/filters';
import { importFinding } from '../findings/import';
import { readSortCriteria } from '../findings/sort';
import type { Caller } from '../identity';
import { compact, readMaxResults, readNextToken, type Operation, type OperationContext } from '../operation';
import { scopeOf } from '../pagination';
import {
  isObject,
  readEnum,
  readInteger,
  readList,
  readNumber,
  readObject,
  readString,
  readStringList,
  readStringMap,
  type JsonObject,
} from '../validate';

const UPDATE_MEMBERS = [
  'Note',
  'Severity',
  'VerificationState',
  'Confidence',
  'Criticality',
  'Types',
  'UserDefinedFields',
  'Workflow',
  'RelatedFindings',
];

/** Reads and checks the update members of BatchUpdateFindings (or an automation rule action). */
export function readFindingFieldsUpdate(body: JsonObject): JsonObject {
  const update: JsonObject = {};
  const note = readObject(body, 'Note');
  if (note) {
    update.Note = {
      Text: readString(note, 'Text', { required: true, min: 1, max: 512 }),
      UpdatedBy: readString(note, 'UpdatedBy', { required: true, min: 1, max: 128 }),
    };
  }
  const severity = readObject(body, 'Severity');
  if (severity) {
    const label = readEnum(severity, 'Label', SEVERITY_LABELS);
    const normalized = readInteger(severity, 'Normalized', { min: 0, max: 100 });
    const product = readNumber(severity, 'Product');
    if (label === undefined && normalized === undefined && product === undefined)
      throw invalidInput('Severity needs Label, Normalized or Product');
    update.Severity = compact({ Label: label, Normalized: normalized, Product: product });
  }
  const verification = readEnum(body, 'VerificationState', VERIFICATION_STATES);
  if (verification) update.VerificationState = verification;
  const confidence = readInteger(body, 'Confidence', { min: 0, max: 100 });
  if (confidence !== undefined) update.Confidence = confidence;
  const criticality = readInteger(body, 'Criticality', { min: 0, max: 100 });
  if (criticality !== undefined) update.Criticality = criticality;
  const types = readStringList(body, 'Types', { max: 50 });
  if (types) update.Types = types;
  const fields = readStringMap(body, 'UserDefinedFields', 50);
  if (fields) update.UserDefinedFields = fields;
  const workflow = readObject(body, 'Workflow');
  if (workflow) update.Workflow = { Status: readEnum(workflow, 'Status', WORKFLOW_STATUSES, true) };
  const related = readList(body, 'RelatedFindings', { max: 10 });
  if (related) {
    update.RelatedFindings = related.map((r) => {
      if (!isObject(r)) throw invalidInput('Each RelatedFinding must be an object');
      return {
        ProductArn: readString(r, 'ProductArn', { required: true }),
        Id: readString(r, 'Id', { required: true }),
      };
    });
  }
  return update;
}

function findingQuery(ctx: OperationContext, caller: Caller, filters: JsonObject | undefined, sortCriteria: unknown) {
  return {
    scope: scopeOf('GetFindings', caller.accountId, caller.region, {
      Filters: filters ?? {},
      SortCriteria: sortCriteria ?? [],
    }),
    visible: ctx.state.visibleTo(caller),
    matches: compileFilters(filters),
    sort: readSortCriteria(sortCriteria),
  };
}

/** Reading, importing and updating findings. */
export const FINDING_OPERATIONS: readonly Operation[] = [
  {
    name: 'GetFindings',
    method: 'POST',
    path: '/findings',
    handler: (ctx) => {
      const { caller, state, body } = ctx;
      const filters = readObject(body, 'Filters');
      const maxResults = readMaxResults(ctx, 100, 100, 'body');
      const nextToken = readNextToken(ctx, 'body');
      const query = findingQuery(ctx, caller, filters, body.SortCriteria);
      state.requireHub(caller);
      const page = state.queries.page(query, { nextToken, maxResults });
      return compact({ Findings: page.items, NextToken: page.nextToken });
    },
  },
  {
    name: 'BatchImportFindings',
    method: 'POST',
    path: '/findings/import',
    handler: ({ caller, state, body, now }) => {
      const findings = readList(body, 'Findings', { required: true, min: 1, max: 100 }) as unknown[];
      state.requireHub(caller);
      const failed: JsonObject[] = [];
      for (const raw of findings) {
        const problem = importFinding(state, raw, { caller, region: caller.region, now });
        if (problem) {
          const id = isObject(raw) && typeof raw.Id === 'string' && raw.Id ? raw.Id : 'unknown';
          failed.push({ Id: id, ErrorCode: problem.code, ErrorMessage: problem.message });
        }
      }
      return { FailedCount: failed.length, SuccessCount: findings.length - failed.length, FailedFindings: failed };
    },
  },
  {
    name: 'BatchUpdateFindings',
    method: 'PATCH',
    path: '/findings/batchupdate',
    handler: ({ caller, state, body, now }) => {
      const identifiers = readList(body, 'FindingIdentifiers', { required: true, min: 1, max: 100 }) as unknown[];
      const update = readFindingFieldsUpdate(body);
      if (Object.keys(update).length === 0)
        throw invalidInput(`BatchUpdateFindings needs at least one of ${UPDATE_MEMBERS.join(', ')}`);
      state.requireHub(caller);
      const visible = state.visibleTo(caller);
      const processed: JsonObject[] = [];
      const unprocessed: JsonObject[] = [];
      const seen = new Set<string>();
      for (const identifier of identifiers) {
        if (!isObject(identifier)) throw invalidInput('Each FindingIdentifier must be an object');
        const id = readString(identifier, 'Id', { required: true, min: 1, max: 512 });
        const productArn = readString(identifier, 'ProductArn', { required: true, min: 1 });
        const pair = { Id: id, ProductArn: productArn };
        const key = `${productArn}\u0000${id}`;
        if (seen.has(key)) {
          unprocessed.push({
            FindingIdentifier: pair,
            ErrorCode: 'DuplicatedFindingIdentifier',
            ErrorMessage: 'The finding identifier appears more than once in the request',
          });
          continue;
        }
        seen.add(key);
        const stored = state.findings.get(productArn, id);
        if (!stored || !visible(stored)) {
          unprocessed.push({
            FindingIdentifier: pair,
            ErrorCode: 'FindingNotFound',
            ErrorMessage: 'Finding not found',
          });
          continue;
        }
        // Customer updates leave UpdatedAt alone; that timestamp belongs to the finding provider.
        stored.finding = applyFieldUpdates(stored.finding, update, now);
        for (const member of Object.keys(update)) stored.customerUpdated.add(member);
        processed.push(pair);
      }
      return { ProcessedFindings: processed, UnprocessedFindings: unprocessed };
    },
  },
  {
    name: 'UpdateFindings',
    method: 'PATCH',
    path: '/findings',
    handler: (ctx) => {
      const { caller, state, body, now } = ctx;
      const filters = readObject(body, 'Filters', true);
      const note = readObject(body, 'Note');
      const recordState = readEnum(body, 'RecordState', ['ACTIVE', 'ARCHIVED'] as const);
      if (note) {
        readString(note, 'Text', { required: true, max: 512 });
        readString(note, 'UpdatedBy', { required: true, max: 128 });
      }
      state.requireHub(caller);
      for (const stored of state.queries.all(findingQuery(ctx, caller, filters, undefined))) {
        const finding = { ...stored.finding };
        if (note) finding.Note = { Text: note.Text, UpdatedBy: note.UpdatedBy, UpdatedAt: now };
        if (recordState) finding.RecordState = recordState;
        stored.finding = finding;
      }
      return {};
    },
  },
];
