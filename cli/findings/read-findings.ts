import type { Readable } from 'node:stream';
import { CliError } from '../errors';
import type { AsffFinding } from './asff';
import { FindingsJsonSplitter, JsonShapeError } from './json-splitter';
import { messageOf } from '../../core/error-message';

/** A finding read from a file, with where it was. */
export interface FindingFromFile {
  /** The parsed finding. */
  readonly finding: AsffFinding;
  /** 1-based position among the input's findings. */
  readonly ordinal: number;
  /** 1-based line where the finding starts. */
  readonly line: number;
}

/** Keys at least one of which every ASFF finding has; an object with none of them is not a finding. */
const IDENTITY_KEYS = ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId'];

/**
 * Streams findings out of `get-findings` JSON or JSON Lines, one parsed finding at a time.
 * @param name the input's name for messages (`--input findings.json`)
 * @throws CliError for empty input, input that is not JSON, and JSON that is not findings
 */
export async function* readFindings(stream: Readable, name: string): AsyncGenerator<FindingFromFile> {
  const splitter = new FindingsJsonSplitter();
  const hint = 'expected the JSON that `aws securityhub get-findings` prints or JSON Lines of ASFF findings';
  let ordinal = 0;
  try {
    for await (const chunk of stream) {
      for (const value of splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))) {
        ordinal++;
        let parsed: unknown;
        try {
          parsed = JSON.parse(value.text);
        } catch (e) {
          throw new CliError(
            `${name}: not valid JSON in the value starting at line ${value.line} (${messageOf(e)}); ${hint}.`,
          );
        }
        const finding = parsed as Record<string, unknown>;
        if (!IDENTITY_KEYS.some((k) => k in finding)) {
          throw new CliError(
            `${name}: the object at line ${value.line} is not an ASFF finding and has no Findings array (its keys: ${Object.keys(finding).slice(0, 5).join(', ') || 'none'}); ${hint}.`,
          );
        }
        yield { finding: parsed as AsffFinding, ordinal, line: value.line };
      }
    }
    if (!splitter.end()) throw new CliError(`${name}: the input is empty; ${hint}.`);
  } catch (e) {
    if (e instanceof JsonShapeError) throw new CliError(`${name}: ${e.message}; ${hint}.`);
    if (e instanceof CliError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`${name}: reading failed (${err.code ?? err.message}); check the file and try again.`);
  }
}
