import { ListParentsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';

/** Where an account sits in the organization. */
export interface AccountDirectory {
  /** OU ids from the account's parent up to (not including) the root. */
  organizationalUnitPath(accountId: string): Promise<string[]>;
}

/**
 * Reads OU paths with organizations:ListParents (the security account needs it delegated in the
 * organization's resource policy) and keeps them for the life of the Lambda container, since an
 * account rarely moves and a stale answer lasts minutes at most.
 */
export class OrganizationsAccountDirectory implements AccountDirectory {
  readonly #cache = new Map<string, Promise<string[]>>();

  readonly #organizations: OrganizationsClient;

  constructor(organizations: OrganizationsClient) {
    this.#organizations = organizations;
  }

  public organizationalUnitPath(accountId: string): Promise<string[]> {
    let path = this.#cache.get(accountId);
    if (!path) {
      path = this.#walk(accountId);
      // A failed lookup is not kept, so the next run asks again.
      path.catch(() => this.#cache.delete(accountId));
      this.#cache.set(accountId, path);
    }
    return path;
  }

  async #walk(accountId: string): Promise<string[]> {
    const path: string[] = [];
    let childId = accountId;
    // Organizations nests OUs at most five deep.
    for (let depth = 0; depth < 6; depth++) {
      const response = await this.#organizations.send(new ListParentsCommand({ ChildId: childId }));
      const parent = response.Parents?.[0];
      if (!parent?.Id || parent.Type === 'ROOT') return path;
      path.push(parent.Id);
      childId = parent.Id;
    }
    return path;
  }
}
