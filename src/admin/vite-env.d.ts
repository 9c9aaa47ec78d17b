/**
 * Compile-time constants the Admin's Vite build defines (admin-bundler `define`).
 * `__BACKEND_URL__` is `admin.backendUrl` from the store's medusa-config, "" when unset
 * (the Admin then talks to its own origin). Plugins must read it, not `import.meta.env`.
 */
declare const __BACKEND_URL__: string | undefined
