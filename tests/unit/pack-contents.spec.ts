// eslint-disable-next-line @typescript-eslint/no-var-requires
const { packProblems, REQUIRED } = require("../../scripts/check-plugin/pack-contents") as {
  packProblems: (files: string[]) => string[]
  REQUIRED: string[]
}

describe("packProblems (what npm pack may ship)", () => {
  const built = [...REQUIRED, ".medusa/server/src/modules/resource_booking/utils/sql.js.map"]

  it("accepts the built plugin with its declarations and source maps, the README and package.json", () => {
    expect(packProblems(built)).toEqual([])
  })

  it.each([
    ["medusa-config.ts", "ships the repository's own medusa-config: medusa-config.ts"],
    [".medusa/server/medusa-config.js", "ships the repository's own medusa-config: .medusa/server/medusa-config.js"],
    [".env", "ships an .env file: .env"],
    [".medusa/server/tests/http/app.spec.js.map", "ships a test folder: .medusa/server/tests/http/app.spec.js.map"],
    [".medusa/server/src/foo.spec.js", "ships a test file: .medusa/server/src/foo.spec.js"],
    [".medusa/server/scripts/bench/run.js", "ships a repository script: .medusa/server/scripts/bench/run.js"],
    ["src/modules/resource_booking/service.ts", "ships TypeScript source (ship the build): src/modules/resource_booking/service.ts"],
    ["docs/resource-booking/RUNBOOK.md", "ships a file outside the built plugin: docs/resource-booking/RUNBOOK.md"],
  ])("refuses %s", (file, problem) => {
    expect(packProblems([...built, file])).toEqual([problem])
  })

  it("names every required built file that is missing", () => {
    expect(packProblems(["README.md", "package.json"])).toEqual(
      REQUIRED.filter((file) => !["README.md", "package.json"].includes(file)).map((file) => `does not ship ${file}`)
    )
  })
})
