"use client";

import dynamic from "next/dynamic";

// Monaco runs only in the browser and is loaded with the review page, never from a CDN.
const loading = () => <p className="text-xs text-slate-500">Loading the editor…</p>;
export const LazyDiffView = dynamic(() => import("@/components/DiffView"), { ssr: false, loading });
export const LazySeedCode = dynamic(() => import("@/components/review/SeedCode"), { ssr: false, loading });
