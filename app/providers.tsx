"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ConnectionBanner } from "@/components/ConnectionBanner";
import { makeQueryClient } from "@/components/query-client";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={client}>
      <ConnectionBanner />
      {children}
    </QueryClientProvider>
  );
}
