import type { Operation } from './operation';

/** A route match: the operation and its decoded path labels. */
export interface RouteMatch {
  readonly operation: Operation;
  readonly params: Record<string, string>;
}

interface CompiledRoute {
  readonly operation: Operation;
  readonly pattern: RegExp;
  readonly labels: readonly string[];
}

/**
 * Matches requests to operations by method and URI template. A `{Label+}` label is greedy and
 * takes the rest of the path, slashes included (ARNs in paths), as in the REST-JSON protocol.
 */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(operations: readonly Operation[]) {
    this.routes = operations.map((operation) => {
      const labels: string[] = [];
      const source = operation.path
        .replace(/[.*?^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\w+)(\+?)\}/g, (_m, name: string, greedy: string) => {
          labels.push(name);
          return greedy ? '(.+)' : '([^/]+)';
        });
      return { operation, pattern: new RegExp(`^${source}/?$`), labels };
    });
  }

  /** Finds the operation for a method and a path (without query string). */
  public match(method: string, path: string): RouteMatch | undefined {
    for (const route of this.routes) {
      if (route.operation.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.labels.forEach((label, i) => {
        params[label] = decodePathLabel(m[i + 1]);
      });
      return { operation: route.operation, params };
    }
    return undefined;
  }
}

function decodePathLabel(raw: string): string {
  try {
    return raw
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
  } catch {
    return raw;
  }
}
