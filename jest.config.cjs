const { existsSync } = require('node:fs');

// Tests are tiered by suffix (ARCHITECTURE.md §7):
//   *.unit.spec.ts  pure code, no servers
//   *.int.spec.ts   adapters and projections against the real servers
//   *.e2e.spec.ts   whole services over HTTP and Kafka
// Nest 12 is ESM-only; jest loads it through require(esm), which needs --experimental-vm-modules
// (set by the npm scripts).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  testEnvironment: 'node',
  rootDir: __dirname,
  // Only the source folders: .local/ holds server data and the unpacked Node.js.
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    // Dynamic imports carry the .js of the compiled file (module nodenext); tests load the .ts.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.local/'],
};

// The KurrentDB contract runs only where a KurrentDB is reachable: a URL, or a Docker engine for
// testcontainers. This machine kind has neither; ./platform test says so (README: "KurrentDB").
const kurrentDbReachable =
  Boolean(process.env.KURRENTDB_URL || process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');

const withServers = {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-server-timeouts.ts'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts'] },
    {
      ...common,
      ...withServers,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts'],
    },
    { ...common, ...withServers, displayName: 'e2e', testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e.spec.ts'] },
    ...(kurrentDbReachable
      ? [
          {
            ...common,
            displayName: 'kurrentdb',
            testMatch: ['<rootDir>/{apps,libs,test}/**/*.kurrentdb.spec.ts'],
            setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-server-timeouts.ts'],
          },
        ]
      : []),
  ],
};
