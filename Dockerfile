# One image recipe for every service: docker build --build-arg APP=registry .
FROM node:24.11.1-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM dependencies AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24.11.1-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
ARG APP
RUN test -n "$APP" && test -f "dist/apps/$APP/src/main.js"
ENV APP=${APP}
USER node
CMD ["sh", "-c", "exec node dist/apps/$APP/src/main.js"]
