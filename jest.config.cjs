module.exports = { testEnvironment: 'node', rootDir: '.', testMatch: ['<rootDir>/tmp-probe.spec.ts'], transform: { '^.+\\.ts$': ['@swc/jest', {}] } };
