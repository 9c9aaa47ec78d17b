// Integration suites start Medusa and migrate real databases: minutes, not seconds.
jest.setTimeout(120_000)
