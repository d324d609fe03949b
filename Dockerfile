# Reelflow ingress or worker: `docker run IMAGE ingress` / `docker run IMAGE worker`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY tsconfig.json ./
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/reelflow.js"]
CMD ["start"]
