# Reelflow ingress or worker: `docker run IMAGE ingress` / `docker run IMAGE worker`.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 (the inbox) compiles from source wherever no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY tsconfig.json ./
# The ingress keeps its inbox under .data/ (mount a volume there).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/reelflow.js"]
CMD ["start"]
