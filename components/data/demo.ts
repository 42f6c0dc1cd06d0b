"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sendJson } from "@/components/api";
import { DemoStarted } from "@/lib/demo/demo-types";

/** "Try a demo project": makes the demo (or finds it) and says where it is; the project list refreshes. */
export function useStartDemo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => DemoStarted.parse(await sendJson("POST", "/api/demo", {})),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["projects"] }),
  });
}
