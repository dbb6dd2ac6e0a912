import { Principal } from '../principal';

export interface RequestFacts {
  method: string;
  /** The path without its query string (queries may hold names being searched for). */
  path: string;
}

// The guard makes one principal object per request, so the principal can lead back to its request:
// AccessPolicy records method and path with a refusal without callers passing the request along.
const requests = new WeakMap<Principal, RequestFacts>();

export function bindRequest(principal: Principal, facts: RequestFacts): void {
  requests.set(principal, facts);
}

export function requestOf(principal: Principal): RequestFacts | undefined {
  return requests.get(principal);
}

export function requestFacts(request: { method?: string; originalUrl?: string; url?: string }): RequestFacts {
  const url = request.originalUrl ?? request.url ?? '';
  return { method: request.method ?? '', path: url.split('?')[0].slice(0, 500) };
}
