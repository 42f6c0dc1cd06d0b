import { ApiError } from "@/components/api";

/** GET a text route (the dataset card is markdown); the server's JSON `{ error }` becomes an ApiError. */
export async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { headers: { Accept: "text/markdown, text/plain, application/json" } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(body?.error?.code ?? "HTTP_ERROR", body?.error?.message ?? `The server answered ${response.status} ${response.statusText}`, response.status);
  }
  return response.text();
}

/** The project's versions route, with the tag escaped (tags may hold dots and dashes, never slashes). */
export function versionUrl(slug: string, tag?: string, rest = ""): string {
  return `/api/projects/${encodeURIComponent(slug)}/versions${tag === undefined ? "" : `/${encodeURIComponent(tag)}`}${rest}`;
}
