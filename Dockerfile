# One image recipe for every Mandate app: docker build --build-arg APP=token-service .
# A service image run with MANDATE_MIGRATE_ONLY=true migrates its schema and exits (compose's
# `migrate` step, the k8s mandate-migrate Job). APP=standalone holds every app's bundle.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
ARG APP
RUN test -n "$APP" && NX_DAEMON=false NX_NO_CLOUD=true npx nx build "$APP" --output-style=stream

FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ARG APP
ENV NODE_ENV=production APP=${APP} HEALTH_PORT=3000
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /src/dist/apps ./dist/apps
USER node
# Services answer /health/live on HEALTH_PORT; the gateway on PORT.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.APP==='gateway'?(process.env.PORT||8080):process.env.HEALTH_PORT)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "exec node dist/apps/$APP/main.js"]
