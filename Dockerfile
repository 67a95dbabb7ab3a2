# One image for every Mandate app, built once: the app is chosen at run time by APP (or by the
# command, `node dist/apps/token-service/main.js`). APP=standalone runs all of them in one process.
# A service run with MANDATE_MIGRATE_ONLY=true migrates its schema and exits (compose's `migrate`
# step, the k8s mandate-migrate Job).
#   docker build -t mandate:dev .                                  (node:24-bookworm-slim from Docker Hub)
#   docker build --build-arg NODE_IMAGE=mandate/node:24 -t mandate:dev .   (offline: npm run images:base)
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx run-many -t build \
      --projects=tag:type:service,tag:type:gateway,tag:type:launcher --output-style=stream

FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production APP=standalone HEALTH_PORT=3000
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /src/dist/apps ./dist/apps
USER node
# Services answer /health/live on HEALTH_PORT; the gateway and standalone on PORT.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "const a=process.env.APP;fetch('http://127.0.0.1:'+(a==='gateway'||a==='standalone'?(process.env.PORT||8080):process.env.HEALTH_PORT)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "exec node dist/apps/$APP/main.js"]
