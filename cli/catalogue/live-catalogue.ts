import {
  DescribeStandardsCommand,
  GetSecurityControlDefinitionCommand,
  ListSecurityControlDefinitionsCommand,
  ListStandardsControlAssociationsCommand,
  type ParameterDefinition,
  type SecurityControlDefinition,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  compareControlIds,
  SEVERITY_LABELS,
  type CatalogueControl,
  type CatalogueFile,
  type ControlParameterDefinition,
  PARAMETER_TYPE_OF_OPTION,
  type SeverityLabel,
} from '../../domain/catalogue/catalogue-file';
import { compareRequirementIds } from '../../domain/catalogue/requirement-standards';

/** The standards' ids as the catalogue keeps them: the ARN without partition, Region and account. */
export function standardsIdOf(standardsArn: string): string {
  return standardsArn.replace(/^arn:[^:]+:securityhub:[^:]*:[^:]*:/, '');
}

/** What one read of the live API produced. */
export interface LiveCatalogue {
  /** The controls Security Hub offers now, with their standards. */
  readonly controls: readonly CatalogueControl[];
  /** Standard names by standards id, from DescribeStandards. */
  readonly standardNames: ReadonlyMap<string, string>;
  /** API calls made, for the summary. */
  readonly calls: number;
}

/**
 * Reads the control catalogue from Security Hub itself: DescribeStandards for the standards,
 * ListSecurityControlDefinitions for every control (and, per standard, for its control list),
 * GetSecurityControlDefinition where a list answer leaves out a control's parameter definitions,
 * ListStandardsControlAssociations for each control's related requirements per standard.
 * Everything the API answers is checked before it is used: it becomes the user's data file.
 */
export class LiveCatalogueReader {
  private calls = 0;

  constructor(private readonly client: SecurityHubClient) {}

  /** Reads everything. @throws Error naming the control and field when an answer is malformed */
  public async read(): Promise<LiveCatalogue> {
    const standards = await this.standards();
    const definitions = await this.definitions();
    const membership = new Map<string, string[]>();
    for (const arn of standards.keys()) {
      for (const d of await this.definitions(arn)) {
        const id = d.SecurityControlId!;
        membership.set(id, [...(membership.get(id) ?? []), standardsIdOf(arn)]);
      }
    }
    const controls: CatalogueControl[] = [];
    for (const d of definitions) {
      let full = d;
      if (d.CustomizableProperties?.includes('Parameters') && !d.ParameterDefinitions) {
        this.calls++;
        full =
          (await this.client.send(new GetSecurityControlDefinitionCommand({ SecurityControlId: d.SecurityControlId })))
            .SecurityControlDefinition ?? d;
      }
      const standardsIds = [...new Set(membership.get(d.SecurityControlId!) ?? [])].sort();
      const requirements = standardsIds.length > 0 ? await this.requirements(d.SecurityControlId!) : {};
      controls.push(toControl(full, standardsIds, requirements));
    }
    controls.sort((a, b) => compareControlIds(a.securityControlId, b.securityControlId));
    return {
      controls,
      standardNames: new Map([...standards].map(([arn, name]) => [standardsIdOf(arn), name])),
      calls: this.calls,
    };
  }

  private async standards(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let NextToken: string | undefined;
    do {
      this.calls++;
      const page = await this.client.send(new DescribeStandardsCommand({ NextToken, MaxResults: 100 }));
      for (const s of page.Standards ?? [])
        if (s.StandardsArn) out.set(s.StandardsArn, s.Name ?? standardsIdOf(s.StandardsArn));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  /**
   * The control's related requirements in each standard (RelatedRequirements of
   * ListStandardsControlAssociations), by standards id; standards that name none are left out.
   */
  private async requirements(securityControlId: string): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    let NextToken: string | undefined;
    do {
      this.calls++;
      const page = await this.client.send(
        new ListStandardsControlAssociationsCommand({
          SecurityControlId: securityControlId,
          NextToken,
          MaxResults: 100,
        }),
      );
      for (const a of page.StandardsControlAssociationSummaries ?? []) {
        const ids = (a.RelatedRequirements ?? [])
          .filter((r): r is string => typeof r === 'string' && r.trim() !== '')
          .map((r) => r.trim());
        if (!a.StandardsArn || ids.length === 0) continue;
        out[standardsIdOf(a.StandardsArn)] = [...new Set(ids)].sort(compareRequirementIds);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }

  private async definitions(standardsArn?: string): Promise<SecurityControlDefinition[]> {
    const out: SecurityControlDefinition[] = [];
    let NextToken: string | undefined;
    do {
      this.calls++;
      const page = await this.client.send(
        new ListSecurityControlDefinitionsCommand({ StandardsArn: standardsArn, NextToken, MaxResults: 100 }),
      );
      out.push(...(page.SecurityControlDefinitions ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }
}

function toControl(
  d: SecurityControlDefinition,
  standards: string[],
  requirements: Record<string, string[]>,
): CatalogueControl {
  const id = d.SecurityControlId;
  if (!id || !/^[A-Za-z0-9]+\.\d+$/.test(id))
    throw new Error(
      `ListSecurityControlDefinitions returned a control with SecurityControlId ${JSON.stringify(id)}, which is not a control id.`,
    );
  if (!d.Title) throw new Error(`${id}: Security Hub returned no Title.`);
  if (!SEVERITY_LABELS.includes(d.SeverityRating as SeverityLabel))
    throw new Error(`${id}: SeverityRating ${JSON.stringify(d.SeverityRating)} is not a severity label.`);
  const parameters = Object.entries(d.ParameterDefinitions ?? {})
    .map(([name, p]) => toParameter(id, name, p))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    securityControlId: id,
    title: d.Title.trim().replace(/\.$/, ''),
    severity: d.SeverityRating as SeverityLabel,
    standards,
    parameters,
    ...(Object.keys(requirements).length > 0 ? { requirements } : {}),
  };
}

function toParameter(controlId: string, name: string, p: ParameterDefinition): ControlParameterDefinition {
  const options = (p.ConfigurationOptions ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const member = Object.keys(options).find((k) => options[k] !== undefined && k !== '$unknown');
  const type = member ? PARAMETER_TYPE_OF_OPTION[member] : undefined;
  if (!member || !type)
    throw new Error(
      `${controlId} parameter ${name}: ConfigurationOptions has no known type (got ${JSON.stringify(Object.keys(options))}).`,
    );
  const o = options[member]!;
  const num = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
  const definition: ControlParameterDefinition = {
    name,
    type,
    min: num('Min'),
    max: num('Max'),
    maxItems: num('MaxItems'),
    allowed: Array.isArray(o.AllowedValues) ? o.AllowedValues.map(String) : undefined,
    default: o.DefaultValue as ControlParameterDefinition['default'],
  };
  return Object.fromEntries(
    Object.entries(definition).filter(([, v]) => v !== undefined),
  ) as unknown as ControlParameterDefinition;
}

/** A fresh catalogue taken from the API, before retired controls of the previous file are merged in. */
export function freshCatalogue(live: LiveCatalogue, region: string, takenAt: string): Omit<CatalogueFile, 'standards'> {
  return {
    formatVersion: 1,
    sources: [
      {
        part: 'ids, titles, severities, parameter definitions, standards membership, related requirements',
        origin: 'securityhub-api',
        path: 'DescribeStandards, ListSecurityControlDefinitions (all, and per standard), GetSecurityControlDefinition, ListStandardsControlAssociations',
        takenAt,
        region,
      },
    ],
    controls: live.controls,
  };
}
