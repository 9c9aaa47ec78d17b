// eslint-disable-next-line @typescript-eslint/no-var-requires
const { packProblems, REQUIRED } = require("../../packages/client/scripts/pack-contents") as {
  packProblems: (files: string[]) => string[]
  REQUIRED: string[]
}

describe("packProblems of the storefront client (what its npm pack may ship)", () => {
  const built = [...REQUIRED, "dist/cjs/types.js", "dist/esm/types.js"]

  it("accepts both builds with their declarations and markers, the README, package.json and a LICENSE", () => {
    expect(packProblems(built)).toEqual([])
    expect(packProblems([...built, "LICENSE"])).toEqual([])
  })

  it.each([
    ["src/index.ts", "ships a file outside the build: src/index.ts"],
    ["scripts/check-pack.js", "ships a file outside the build: scripts/check-pack.js"],
    ["test/consumer/consumer.cts", "ships a file outside the build: test/consumer/consumer.cts"],
    ["tsconfig.json", "ships a file outside the build: tsconfig.json"],
    ["CHANGELOG.md", "ships a file outside the build: CHANGELOG.md"],
    ["dist/cjs/nested/index.js", "ships a file outside the build: dist/cjs/nested/index.js"],
    ["dist/esm/index.ts", "ships a file outside the build: dist/esm/index.ts"],
  ])("refuses %s", (file, problem) => {
    expect(packProblems([...built, file])).toEqual([problem])
  })

  it("names every required built file that is missing", () => {
    expect(packProblems(["README.md", "package.json"])).toEqual(
      REQUIRED.filter((file) => !["README.md", "package.json"].includes(file)).map((file) => `does not ship ${file}`)
    )
  })
})
