# Reelflow ingress or worker: `docker run IMAGE ingress` / `docker run IMAGE worker`.
# Built once: TypeScript is compiled and the workflow bundle made here, not at every start.
FROM node:22-bookworm-slim AS toolchain
WORKDIR /app
# better-sqlite3 (the inbox) compiles from source wherever no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./

# What runs: production dependencies only (no tsx, TypeScript or webpack needed at start).
FROM toolchain AS deps
RUN npm ci --omit=dev --no-audit --no-fund

# `npm run build:image`: dist/ (the CLI compiled, the published entries) and dist/workflow-bundle.js.
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.app.json ./
COPY scripts ./scripts
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
RUN npm run build:image

FROM node:22-bookworm-slim
WORKDIR /app
# REELFLOW_COMPILED: bin/reelflow.js runs dist/src/cli.js. REELFLOW_WORKFLOW_BUNDLE: the worker loads
# the bundle built above instead of bundling workflows/ at start.
ENV NODE_ENV=production \
    REELFLOW_COMPILED=1 \
    REELFLOW_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY bin ./bin
# `docker compose exec reelflow-ingress reelflow deliveries ls` and friends.
RUN ln -s /app/bin/reelflow.js /usr/local/bin/reelflow
# The ingress keeps its inbox under .data/ (mount a volume there).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/reelflow.js"]
CMD ["start"]
