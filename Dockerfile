# Opsdeck console image. Build: docker build -t opsdeck .
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN bash scripts/generate.sh && npx next build && npm prune --omit=dev

FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 OPSDECK_DATA_DIR=/data OPSDECK_CONFIG=/config/opsdeck.yml
# pg_dump/pg_restore for postgres.backup/restore actions to a folder (Debian's, major version 15:
# for newer servers declare a volume destination, which runs the server's own pg_dump).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1001 opsdeck && mkdir -p /data /config && chown opsdeck /data
COPY --from=build /app/package.json /app/next.config.mjs ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/public ./public
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/scripts ./scripts
# The worker, `npm run validate` and `npm run db:migrate` run the TypeScript sources with tsx.
COPY --from=build /app/lib ./lib
COPY --from=build /app/tsconfig.json ./
COPY --from=build /app/opsdeck.yml /config/opsdeck.yml
USER opsdeck
EXPOSE 3000
# The console's own health: degraded dependencies still answer 200, a dead server does not.
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "scripts/server.mjs", "-p", "3000"]
