# syntax=docker/dockerfile:1
# Stage 1: install dependencies (tfjs-node is optional: it installs here when the build can reach its binaries).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 2: type-check with the dev dependencies, so a broken build never ships.
FROM deps AS check
RUN npm ci --no-audit --no-fund
COPY tsconfig.json vitest.config.ts ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY test ./test
RUN npx tsc --noEmit

# Stage 3: runtime, non-root.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=8080 MODELS_DIR=/app/models EMBEDDED_DATA_DIR=/app/data/pglite
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY models ./models
RUN mkdir -p /app/data /app/models/cache && chown -R node:node /app/data /app/models
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
CMD ["--role", "all"]
