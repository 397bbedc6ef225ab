# syntax=docker/dockerfile:1
# One image for both roles: SOKU_ROLE=api serves HTTP, SOKU_ROLE=worker runs the processors.

FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs `prepare`, which finds no src/ yet and skips; `postbuild` records the digest.
COPY scripts/build-if-stale.js ./scripts/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
# `npm run build` bundles the console's text counters after compiling (console-text-length.ts).
COPY scripts/bundle-console.js ./scripts/
RUN npm run build && npm prune --omit=dev

FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SOKU_DATA_DIR=/var/lib/soku
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /var/lib/soku && chown node:node /var/lib/soku
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
