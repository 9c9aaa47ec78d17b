// MikroORM keeps entity metadata in a process-wide store. Jest gives every spec file its
// own globals (Map included), so metadata cached by an earlier file in the same process
// is cloned wrongly ("Map.prototype.set called on incompatible receiver"). Each file
// starts from an empty store and discovers its entities afresh.
require("@mikro-orm/core").MetadataStorage.clear()
