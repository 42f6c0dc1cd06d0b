/**
 * Calls a route handler the way the studio's browser does (a session cookie, its own origin, JSON),
 * over a real Request: route integration tests go through the same `route()` rules as the app.
 */

const BASE = "http://studio.test";

type Handler<P> = (request: Request, extra: { params: Promise<P> }) => Promise<Response>;
export type RouteBody = Record<string, unknown> & { error?: { code: string; message: string } };

/** A `call(handler, method, url, params, body?, cookie?)` whose cookie defaults to `defaultCookie()` (read at each call). */
export function routeCaller(defaultCookie: () => string) {
  return async function call<P>(handle: Handler<P>, method: string, url: string, params: P, body?: unknown, cookie = defaultCookie()) {
    const init: RequestInit = { method, headers: { cookie, origin: BASE, host: "studio.test", "content-type": "application/json" } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await handle(new Request(BASE + url, init), { params: Promise.resolve(params) });
    return { status: response.status, body: (await response.json()) as RouteBody };
  };
}
