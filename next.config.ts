import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded by Node at run time rather than bundled: the job queue and the database driver are
  // server-only and use Node APIs the bundler need not trace.
  serverExternalPackages: ["graphile-worker", "pg", "@prisma/adapter-pg"],
  // `npm test` (and CI) run `tsc --noEmit` and ESLint before the build; Next's own type check
  // repeated that and was the longest part of a first `npm start` on two cores.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // The build's Turbopack cache is written to disk beside the output; on a first start that
    // write took longer than the compile it would save on a later rebuild.
    turbopackFileSystemCacheForBuild: false,
  },
};

export default config;
