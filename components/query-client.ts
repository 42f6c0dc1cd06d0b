import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { connectionProblem, setConnection } from "@/components/connection-state";

/** A request that failed for want of the database or the server shows the reconnecting banner. */
function onError(error: unknown): void {
  const problem = connectionProblem(error);
  if (problem) setConnection(problem);
}

/** The one place query defaults are set. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: true },
    },
  });
}
