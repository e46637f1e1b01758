/** Transport-neutral request/reply types, a tiny router and paging helpers shared by the V1 and V2 faces. */

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** A JSON body (eligible for the malformed-JSON fault when status is 200). */
  json: boolean;
}

export interface ReqCtx {
  method: string;
  /** decoded pathname, no trailing slash (except "/") */
  path: string;
  url: URL;
  query: URLSearchParams;
  /** V1 query, names lower-cased (ASP.NET binds query parameters case-insensitively); first value wins */
  ci: Map<string, string>;
  body: string;
  baseUrl: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: JSON.stringify(value),
    json: true,
  };
}

export function textReply(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { status, headers: body ? { 'content-type': contentType } : {}, body, json: false };
}

export function emptyReply(status: number): Reply {
  return { status, headers: {}, body: '', json: false };
}

/** A bad query parameter or body field: turned into a 400 by the face that raised it. */
export class BadParam extends Error {
  constructor(
    readonly param: string,
    readonly value: string,
    message?: string,
  ) {
    super(message ?? `The value '${value}' is not valid for ${param}.`);
    this.name = 'BadParam';
  }
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** for stats, e.g. `/orders/{orderId}` */
  template: string;
  handler: (ctx: ReqCtx, m: RegExpExecArray) => Reply | Promise<Reply>;
}

export type RouteMatch =
  | { kind: 'ok'; route: Route; m: RegExpExecArray }
  | { kind: 'method'; template: string; allowed: string[] }
  | { kind: 'none' };

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  let template = '';
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    if (r.method === method) return { kind: 'ok', route: r, m };
    allowed.push(r.method);
    template = r.template;
  }
  return allowed.length > 0 ? { kind: 'method', template, allowed } : { kind: 'none' };
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
}

export function paginate<T>(list: readonly T[], page: number, pageSize: number): Page<T> {
  const total = list.length;
  const pages = total === 0 ? 0 : Math.ceil(total / pageSize);
  const start = (page - 1) * pageSize;
  return { items: list.slice(start, start + pageSize), total, page, pages };
}

/** Case-insensitive "starts with" (SQL LIKE 'x%' under a case-insensitive collation). */
export function startsWithCi(value: string, prefix: string): boolean {
  return value.toLowerCase().startsWith(prefix.toLowerCase());
}

export function containsCi(value: string | null | undefined, needle: string): boolean {
  return !!value && value.toLowerCase().includes(needle.toLowerCase());
}
