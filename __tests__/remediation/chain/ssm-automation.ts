import { randomUUID } from 'node:crypto';

/*
 * SSM Automation as AWS documents it, for the chain harness: StartAutomationExecution takes the
 * document's parameters as a map of names to lists of strings and validates them against the
 * document (unknown names, missing required ones, type, allowedPattern, allowedValues); each start
 * gets a new execution id; `{{ Parameter }}` and `{{ automation:EXECUTION_ID }}` are substituted in
 * step inputs; `aws:invokeLambdaFunction` invokes FunctionName with `Payload` (JSON text) or
 * `InputPayload` (a map), and fails the step when the function returns an error.
 */

interface DocumentParameter {
  readonly type: string;
  readonly default?: unknown;
  readonly allowedPattern?: string;
  readonly allowedValues?: readonly string[];
}

interface AutomationDocument {
  readonly schemaVersion: string;
  readonly assumeRole?: string;
  readonly parameters?: Record<string, DocumentParameter>;
  readonly mainSteps: readonly {
    readonly name: string;
    readonly action: string;
    readonly inputs: Record<string, unknown>;
    readonly maxAttempts?: number;
  }[];
}

/** What an invoked function answered: its payload, and the error type when it failed. */
export interface InvokeResult {
  readonly payload: unknown;
  readonly functionError?: string;
}

/** One finished execution. */
export interface AutomationExecution {
  readonly executionId: string;
  readonly documentName: string;
  readonly status: 'Success' | 'Failed';
  readonly parameters: Record<string, readonly string[]>;
  /** Each step's invocation input and answer. */
  readonly steps: { readonly name: string; readonly payload: unknown; readonly result: InvokeResult }[];
  readonly failure?: string;
}

/** Refused by StartAutomationExecution; nothing ran. */
export class InvalidAutomationParametersError extends Error {
  public readonly name = 'InvalidAutomationExecutionParametersException';
}

function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([A-Za-z0-9_:.-]+)\s*\}\}/g, (_whole, name: string) => {
    if (!(name in values))
      throw new Error(`document references {{ ${name} }}, which is neither a parameter nor an automation variable`);
    return values[name];
  });
}

/** The validated String values of each parameter (defaults applied). */
function validate(document: AutomationDocument, given: unknown): Record<string, string> {
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw new InvalidAutomationParametersError('Parameters must be a map of parameter names to lists of strings');
  const declared = document.parameters ?? {};
  const values: Record<string, string> = {};
  for (const [name, list] of Object.entries(given as Record<string, unknown>)) {
    if (!(name in declared))
      throw new InvalidAutomationParametersError(`Parameter "${name}" is not defined in the document`);
    if (!Array.isArray(list) || list.some((v) => typeof v !== 'string'))
      throw new InvalidAutomationParametersError(
        `Parameter "${name}" must be a list of strings, got ${JSON.stringify(list).slice(0, 200)}`,
      );
  }
  for (const [name, p] of Object.entries(declared)) {
    const list = (given as Record<string, string[]>)[name];
    if (list === undefined) {
      if (p.default === undefined) throw new InvalidAutomationParametersError(`Parameter "${name}" is required`);
      values[name] = typeof p.default === 'string' ? p.default : JSON.stringify(p.default);
      continue;
    }
    if (p.type === 'String' || p.type === 'StringMap') {
      if (list.length !== 1)
        throw new InvalidAutomationParametersError(
          `Parameter "${name}" of type ${p.type} takes one value, got ${list.length}`,
        );
    } else {
      throw new Error(`parameter type ${p.type} not modelled by the harness`);
    }
    const value = list[0];
    if (p.type === 'StringMap') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new InvalidAutomationParametersError(`Parameter "${name}" of type StringMap must be a JSON object`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new InvalidAutomationParametersError(`Parameter "${name}" of type StringMap must be a JSON object`);
    }
    if (p.allowedPattern && !new RegExp(p.allowedPattern).test(value))
      throw new InvalidAutomationParametersError(
        `Parameter "${name}" value ${JSON.stringify(value.slice(0, 200))} does not match allowedPattern ${p.allowedPattern}`,
      );
    if (p.allowedValues && !p.allowedValues.includes(value))
      throw new InvalidAutomationParametersError(
        `Parameter "${name}" value ${JSON.stringify(value)} is not one of ${p.allowedValues.join(', ')}`,
      );
    values[name] = value;
  }
  return values;
}

/** SSM Automation over the documents the stack synthesized, invoking functions through `invoke`. */
export class SsmAutomation {
  public readonly executions: AutomationExecution[] = [];

  /**
   * @param documents document content by name (the synthesized `aws_ssm_document` resources)
   * @param invoke Lambda Invoke (RequestResponse) of a function named by name or ARN
   * @param assumableRoles role ARNs the caller may pass as the document's assumeRole
   */
  constructor(
    private readonly documents: ReadonlyMap<string, AutomationDocument>,
    private readonly invoke: (functionName: string, payload: string) => Promise<InvokeResult>,
    private readonly assumableRoles: readonly string[],
  ) {}

  /**
   * StartAutomationExecution, run to the end.
   * @throws InvalidAutomationParametersError when SSM would refuse the start
   */
  public async start(documentName: string, parameters: unknown): Promise<AutomationExecution> {
    const document = this.documents.get(documentName);
    if (!document) throw new InvalidAutomationParametersError(`document ${documentName} does not exist`);
    if (document.schemaVersion !== '0.3') throw new Error(`${documentName}: Automation documents are schema 0.3`);
    const values = validate(document, parameters);
    const executionId = randomUUID();
    const variables = { ...values, 'automation:EXECUTION_ID': executionId };
    if (document.assumeRole) {
      const role = substitute(document.assumeRole, variables);
      if (!this.assumableRoles.includes(role))
        throw new InvalidAutomationParametersError(`The assume role ${role} cannot be assumed by SSM Automation here`);
    }
    const steps: AutomationExecution['steps'][number][] = [];
    let failure: string | undefined;
    for (const step of document.mainSteps) {
      if (step.action !== 'aws:invokeLambdaFunction')
        throw new Error(`step action ${step.action} not modelled by the harness`);
      const inputs = Object.fromEntries(
        Object.entries(step.inputs).map(([k, v]) => [k, typeof v === 'string' ? substitute(v, variables) : v]),
      );
      let payloadText: string;
      if (typeof inputs.Payload === 'string') payloadText = inputs.Payload;
      else if (inputs.InputPayload !== undefined) payloadText = JSON.stringify(inputs.InputPayload);
      else payloadText = '{}';
      let payload: unknown;
      try {
        payload = JSON.parse(payloadText);
      } catch (error) {
        failure = `step ${step.name}: Payload is not valid JSON after substitution: ${(error as Error).message}`;
        break;
      }
      const result = await this.invoke(String(inputs.FunctionName), payloadText);
      steps.push({ name: step.name, payload, result });
      if (result.functionError) {
        failure = `step ${step.name}: the function failed: ${JSON.stringify(result.payload).slice(0, 500)}`;
        break;
      }
    }
    const execution: AutomationExecution = {
      executionId,
      documentName,
      status: failure ? 'Failed' : 'Success',
      parameters: parameters as Record<string, string[]>,
      steps,
      failure,
    };
    this.executions.push(execution);
    return execution;
  }
}
