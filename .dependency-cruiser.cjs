/**
 * Architecture rules checked in CI (STYLE.md §6, ARCHITECTURE.md §1):
 * the domain stays pure, services do not reach into each other, and nothing is circular.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'No framework, database or broker code under a domain/ folder: deciders are pure functions.',
      severity: 'error',
      from: { path: '(^|/)domain/' },
      to: { path: '(^|/)node_modules/(@nestjs/|mongoose|kafkajs|pg|@kurrent/)' },
    },
    {
      name: 'services-do-not-import-each-other',
      comment: 'A service learns about another only from its integration events on Kafka.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'production-code-does-not-import-test-harness',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '(\\.spec\\.ts$|^libs/testing/)' },
      to: { path: '^libs/testing/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^dist|^\\.local/)' },
  },
};
