/**
 * Where each AwsSecurityFindingFilters attribute reads its value in an ASFF finding.
 *
 * Paths are dotted ASFF member names; `[]` marks a list whose items are each looked at, so
 * `Resources[].Type` yields every resource's type and a filter matches when any of them does
 * (negative comparisons then need all of them to differ). The same names serve SortCriteria and
 * an insight's GroupByAttribute.
 */
export const FILTER_FIELDS: Readonly<Record<string, string>> = {
  ProductArn: 'ProductArn',
  AwsAccountId: 'AwsAccountId',
  AwsAccountName: 'AwsAccountName',
  Id: 'Id',
  GeneratorId: 'GeneratorId',
  Region: 'Region',
  Type: 'Types[]',
  FirstObservedAt: 'FirstObservedAt',
  LastObservedAt: 'LastObservedAt',
  CreatedAt: 'CreatedAt',
  UpdatedAt: 'UpdatedAt',
  SeverityProduct: 'Severity.Product',
  SeverityNormalized: 'Severity.Normalized',
  SeverityLabel: 'Severity.Label',
  Confidence: 'Confidence',
  Criticality: 'Criticality',
  Title: 'Title',
  Description: 'Description',
  RecommendationText: 'Remediation.Recommendation.Text',
  SourceUrl: 'SourceUrl',
  ProductFields: 'ProductFields',
  ProductName: 'ProductName',
  CompanyName: 'CompanyName',
  UserDefinedFields: 'UserDefinedFields',
  MalwareName: 'Malware[].Name',
  MalwareType: 'Malware[].Type',
  MalwarePath: 'Malware[].Path',
  MalwareState: 'Malware[].State',
  NetworkDirection: 'Network.Direction',
  NetworkProtocol: 'Network.Protocol',
  NetworkSourceIpV4: 'Network.SourceIpV4',
  NetworkSourceIpV6: 'Network.SourceIpV6',
  NetworkSourcePort: 'Network.SourcePort',
  NetworkSourceDomain: 'Network.SourceDomain',
  NetworkSourceMac: 'Network.SourceMac',
  NetworkDestinationIpV4: 'Network.DestinationIpV4',
  NetworkDestinationIpV6: 'Network.DestinationIpV6',
  NetworkDestinationPort: 'Network.DestinationPort',
  NetworkDestinationDomain: 'Network.DestinationDomain',
  ProcessName: 'Process.Name',
  ProcessPath: 'Process.Path',
  ProcessPid: 'Process.Pid',
  ProcessParentPid: 'Process.ParentPid',
  ProcessLaunchedAt: 'Process.LaunchedAt',
  ProcessTerminatedAt: 'Process.TerminatedAt',
  ThreatIntelIndicatorType: 'ThreatIntelIndicators[].Type',
  ThreatIntelIndicatorValue: 'ThreatIntelIndicators[].Value',
  ThreatIntelIndicatorCategory: 'ThreatIntelIndicators[].Category',
  ThreatIntelIndicatorLastObservedAt: 'ThreatIntelIndicators[].LastObservedAt',
  ThreatIntelIndicatorSource: 'ThreatIntelIndicators[].Source',
  ThreatIntelIndicatorSourceUrl: 'ThreatIntelIndicators[].SourceUrl',
  ResourceType: 'Resources[].Type',
  ResourceId: 'Resources[].Id',
  ResourcePartition: 'Resources[].Partition',
  ResourceRegion: 'Resources[].Region',
  ResourceTags: 'Resources[].Tags',
  ResourceAwsEc2InstanceType: 'Resources[].Details.AwsEc2Instance.Type',
  ResourceAwsEc2InstanceImageId: 'Resources[].Details.AwsEc2Instance.ImageId',
  ResourceAwsEc2InstanceIpV4Addresses: 'Resources[].Details.AwsEc2Instance.IpV4Addresses[]',
  ResourceAwsEc2InstanceIpV6Addresses: 'Resources[].Details.AwsEc2Instance.IpV6Addresses[]',
  ResourceAwsEc2InstanceKeyName: 'Resources[].Details.AwsEc2Instance.KeyName',
  ResourceAwsEc2InstanceIamInstanceProfileArn: 'Resources[].Details.AwsEc2Instance.IamInstanceProfileArn',
  ResourceAwsEc2InstanceVpcId: 'Resources[].Details.AwsEc2Instance.VpcId',
  ResourceAwsEc2InstanceSubnetId: 'Resources[].Details.AwsEc2Instance.SubnetId',
  ResourceAwsEc2InstanceLaunchedAt: 'Resources[].Details.AwsEc2Instance.LaunchedAt',
  ResourceAwsS3BucketOwnerId: 'Resources[].Details.AwsS3Bucket.OwnerId',
  ResourceAwsS3BucketOwnerName: 'Resources[].Details.AwsS3Bucket.OwnerName',
  ResourceAwsIamAccessKeyUserName: 'Resources[].Details.AwsIamAccessKey.UserName',
  ResourceAwsIamAccessKeyPrincipalName: 'Resources[].Details.AwsIamAccessKey.PrincipalName',
  ResourceAwsIamAccessKeyStatus: 'Resources[].Details.AwsIamAccessKey.Status',
  ResourceAwsIamAccessKeyCreatedAt: 'Resources[].Details.AwsIamAccessKey.CreatedAt',
  ResourceAwsIamUserUserName: 'Resources[].Details.AwsIamUser.UserName',
  ResourceContainerName: 'Resources[].Details.Container.Name',
  ResourceContainerImageId: 'Resources[].Details.Container.ImageId',
  ResourceContainerImageName: 'Resources[].Details.Container.ImageName',
  ResourceContainerLaunchedAt: 'Resources[].Details.Container.LaunchedAt',
  ResourceDetailsOther: 'Resources[].Details.Other',
  ResourceApplicationName: 'Resources[].ApplicationName',
  ResourceApplicationArn: 'Resources[].ApplicationArn',
  ComplianceStatus: 'Compliance.Status',
  ComplianceSecurityControlId: 'Compliance.SecurityControlId',
  ComplianceAssociatedStandardsId: 'Compliance.AssociatedStandards[].StandardsId',
  ComplianceSecurityControlParametersName: 'Compliance.SecurityControlParameters[].Name',
  ComplianceSecurityControlParametersValue: 'Compliance.SecurityControlParameters[].Value[]',
  VerificationState: 'VerificationState',
  WorkflowState: 'WorkflowState',
  WorkflowStatus: 'Workflow.Status',
  RecordState: 'RecordState',
  RelatedFindingsProductArn: 'RelatedFindings[].ProductArn',
  RelatedFindingsId: 'RelatedFindings[].Id',
  NoteText: 'Note.Text',
  NoteUpdatedAt: 'Note.UpdatedAt',
  NoteUpdatedBy: 'Note.UpdatedBy',
  FindingProviderFieldsConfidence: 'FindingProviderFields.Confidence',
  FindingProviderFieldsCriticality: 'FindingProviderFields.Criticality',
  FindingProviderFieldsRelatedFindingsId: 'FindingProviderFields.RelatedFindings[].Id',
  FindingProviderFieldsRelatedFindingsProductArn: 'FindingProviderFields.RelatedFindings[].ProductArn',
  FindingProviderFieldsSeverityLabel: 'FindingProviderFields.Severity.Label',
  FindingProviderFieldsSeverityOriginal: 'FindingProviderFields.Severity.Original',
  FindingProviderFieldsTypes: 'FindingProviderFields.Types[]',
  Sample: 'Sample',
  VulnerabilitiesExploitAvailable: 'Vulnerabilities[].ExploitAvailable',
  VulnerabilitiesFixAvailable: 'Vulnerabilities[].FixAvailable',
  // The three below are newer ASFF members; the names follow the filter names.
  ResourceOwnerAccountId: 'Resources[].ResourceOwnerAccountId',
  ResourceOwnerOrgId: 'Resources[].ResourceOwnerOrgId',
  ResourceProvider: 'Resources[].ResourceProvider',
};

/** A compiled path: each step names a member and says whether to fan out over a list. */
type Step = { readonly key: string; readonly each: boolean };

const compiled = new Map<string, readonly Step[]>();

function compile(path: string): readonly Step[] {
  let steps = compiled.get(path);
  if (!steps) {
    steps = path
      .split('.')
      .map((part) => (part.endsWith('[]') ? { key: part.slice(0, -2), each: true } : { key: part, each: false }));
    compiled.set(path, steps);
  }
  return steps;
}

/**
 * Every value a path reaches in a finding, lists flattened. An absent member yields nothing.
 * @param path a dotted ASFF path, with `[]` after list members
 */
export function valuesAt(finding: unknown, path: string): unknown[] {
  let current: unknown[] = [finding];
  for (const step of compile(path)) {
    const next: unknown[] = [];
    for (const node of current) {
      if (node === null || typeof node !== 'object') continue;
      const value = (node as Record<string, unknown>)[step.key];
      if (value === undefined || value === null) continue;
      if (step.each && Array.isArray(value)) next.push(...value);
      else next.push(value);
    }
    current = next;
  }
  return current;
}

/**
 * The ASFF path for a filter attribute name or, for SortCriteria, a dotted ASFF path given as is
 * (`Severity.Normalized`), which the service also accepts.
 */
export function pathForField(field: string): string | undefined {
  return FILTER_FIELDS[field] ?? (/^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)+$/.test(field) ? field : undefined);
}
