/**
 * Pages through an AWS list call until it returns no next token.
 * @param fetch one call: given the previous page's token (none for the first), its items and next token
 * @returns every item of every page, in order
 */
export async function allPages<T>(fetch: (token?: string) => Promise<{ items?: T[]; next?: string }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    all.push(...(page.items ?? []));
    token = page.next;
  } while (token);
  return all;
}
