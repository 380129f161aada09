import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** What {@link compareWithGolden} decided, for the caller to assert on. */
export interface GoldenOutcome {
  /** The text the golden file holds (after an update, the new text). */
  readonly expected: string;
  /** True when the file was written by this call. */
  readonly written: boolean;
}

/**
 * Reads a golden file to compare `actual` with. Only `UPDATE_GOLDEN=1` writes it (review the
 * diff before committing); a missing golden file is an error, so a test can never pass by
 * writing its own expectation, in CI or anywhere else.
 * @param env the environment to read UPDATE_GOLDEN from (the process's by default)
 * @throws when the file is missing and UPDATE_GOLDEN is not 1, naming the file and the fix
 */
export function compareWithGolden(file: string, actual: string, env: NodeJS.ProcessEnv = process.env): GoldenOutcome {
  if (env.UPDATE_GOLDEN === '1') {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return { expected: actual, written: true };
  }
  if (!existsSync(file)) {
    throw new Error(
      `golden file ${file} is missing: run the test once with UPDATE_GOLDEN=1 to write it, review it, and commit it`,
    );
  }
  return { expected: readFileSync(file, 'utf8'), written: false };
}

/** Expects `actual` to equal the golden file (see {@link compareWithGolden}). */
export function expectGolden(file: string, actual: string): void {
  expect(actual).toBe(compareWithGolden(file, actual).expected);
}
