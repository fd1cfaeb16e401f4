/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // forbidden(): a page a role may not open answers 403 with the console's notice (app/(console)/forbidden.tsx).
  experimental: { authInterrupts: true },
  // Native and Node-only modules stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: [
    "dockerode",
    "ssh2",
    "cpu-features",
    "ioredis",
    "pg",
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
  ],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
