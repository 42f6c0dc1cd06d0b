import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded by Node at run time rather than bundled: the job queue and the database driver are
  // server-only and use Node APIs the bundler need not trace.
  serverExternalPackages: ["graphile-worker", "pg", "@prisma/adapter-pg"],
};

export default config;
