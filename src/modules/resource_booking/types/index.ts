export * from "./cleanup-run"
export * from "./dtos"
export * from "./hold-status"
export * from "./options"
