import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/app/providers";
import { StudioHeader } from "@/components/nav/StudioHeader";
import "./globals.css";

export const metadata: Metadata = {
  title: "Rosetta",
  description: "Multilingual code instruction data from LLM agents with memory, verified and curated.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>
          <StudioHeader />
          {children}
        </Providers>
      </body>
    </html>
  );
}
