// CommonJS modules without type declarations (scripts run by plain node).
const { selectTestDatabase } = require("../../scripts/db/select-test-database")
const { DatabaseSetupError } = require("../../scripts/db/database-setup-error")

describe("selectTestDatabase", () => {
  it("uses the embedded server when neither DB_HOST nor TEST_DB is set", () => {
    expect(selectTestDatabase({})).toEqual({ kind: "embedded" })
    expect(selectTestDatabase({ DB_HOST: "", TEST_DB: "" })).toEqual({ kind: "embedded" })
  })

  it("accepts TEST_DB=embedded explicitly, in any case", () => {
    expect(selectTestDatabase({ TEST_DB: "embedded" })).toEqual({ kind: "embedded" })
    expect(selectTestDatabase({ TEST_DB: " Embedded " })).toEqual({ kind: "embedded" })
  })

  it("uses the server named by DB_HOST with today's defaults for the other settings", () => {
    expect(selectTestDatabase({ DB_HOST: "localhost" })).toEqual({
      kind: "external",
      host: "localhost",
      port: "5432",
      username: "postgres",
      password: "",
    })
  })

  it("passes DB_HOST, DB_PORT, DB_USERNAME and DB_PASSWORD through unchanged", () => {
    expect(
      selectTestDatabase({ DB_HOST: "db.internal", DB_PORT: "6543", DB_USERNAME: "ci", DB_PASSWORD: "s3cret" })
    ).toEqual({ kind: "external", host: "db.internal", port: "6543", username: "ci", password: "s3cret" })
  })

  it("starts a container for TEST_DB=container", () => {
    const selection = selectTestDatabase({ TEST_DB: "container" })
    expect(selection.kind).toBe("container")
    expect(selection).toHaveProperty("image", expect.stringMatching(/^postgres:\d+/))
  })

  it("refuses an unknown TEST_DB value, naming the accepted ones", () => {
    expect(() => selectTestDatabase({ TEST_DB: "docker" })).toThrow(DatabaseSetupError)
    expect(() => selectTestDatabase({ TEST_DB: "docker" })).toThrow(
      /TEST_DB=docker is not a test database kind: use TEST_DB=embedded or TEST_DB=container/
    )
  })

  it("refuses DB_HOST together with TEST_DB instead of silently ignoring one", () => {
    expect(() => selectTestDatabase({ DB_HOST: "localhost", TEST_DB: "container" })).toThrow(
      "TEST_DB=container and DB_HOST=localhost both choose the test database: unset one of them."
    )
    expect(() => selectTestDatabase({ DB_HOST: "localhost", TEST_DB: "embedded" })).toThrow(DatabaseSetupError)
  })
})
