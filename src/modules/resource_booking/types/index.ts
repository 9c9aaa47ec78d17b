export * from "./dtos"
export * from "./hold-status"
export * from "./options"
