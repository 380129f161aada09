import { isAwsError, ResourceNotFoundError } from '../shared/errors';

/**
 * Reads the one resource a runbook acts on, treating the service's not-found answers and an empty
 * (or deleting) result alike, so every runbook reports a vanished resource the same way.
 * @param what how the message names the resource, e.g. `subnet subnet-0abc`
 * @param read the Describe call; undefined when the resource is gone or going
 * @param notFound the error codes the service answers for a resource that does not exist
 * @throws ResourceNotFoundError `<what> no longer exists`
 */
export async function existing<T>(what: string, read: () => Promise<T | undefined>, ...notFound: string[]): Promise<T> {
  let found: T | undefined;
  try {
    found = await read();
  } catch (error) {
    if (!isAwsError(error, ...notFound)) throw error;
  }
  if (found === undefined) throw new ResourceNotFoundError(`${what} no longer exists`);
  return found;
}
