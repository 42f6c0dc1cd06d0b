import { apiError } from "@/components/api";

/** GET a text route (the dataset card is markdown); the server's JSON `{ error }` becomes an ApiError. */
export async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { headers: { Accept: "text/markdown, text/plain, application/json" } });
  if (!response.ok) throw apiError(response, await response.json().catch(() => null));
  return response.text();
}

/** The project's versions route, with the tag escaped (tags may hold dots and dashes, never slashes). */
export function versionUrl(slug: string, tag?: string, rest = ""): string {
  return `/api/projects/${encodeURIComponent(slug)}/versions${tag === undefined ? "" : `/${encodeURIComponent(tag)}`}${rest}`;
}
