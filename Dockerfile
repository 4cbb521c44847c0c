# Production image: Node 22, the same sources the CLI runs (tsx, no build step).
FROM node:22-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
COPY jobs ./jobs
COPY migrations ./migrations
COPY examples ./examples
COPY harden.example.yaml ./
USER node
EXPOSE 3000 9464
ENTRYPOINT ["node", "bin/harden.js"]
CMD ["serve"]
