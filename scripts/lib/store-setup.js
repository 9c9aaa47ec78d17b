/**
 * What a store needs before a storefront can take holds, set up over the admin API as a
 * store owner would: a secret API key from an admin login, and a sales channel with a
 * publishable key linked to it and a region paying through Medusa's system provider.
 */
const { basic, bearer, publishable, expectStatus } = require("./http")

/** Logs `admin` ({ email, password }) in and creates a secret API key: Basic auth headers and the redacted key. */
async function secretKeyHeaders(api, admin, title) {
  const login = expectStatus(await api.post("/auth/user/emailpass", admin), 200, "POST /auth/user/emailpass")
  const created = expectStatus(
    await api.post("/admin/api-keys", { title, type: "secret" }, { headers: bearer(login.token) }),
    200,
    "POST /admin/api-keys"
  )
  return { headers: basic(created.api_key.token), redacted: created.api_key.redacted }
}

/** A sales channel, a publishable key linked to it, a region in EUR for "de": ids and the storefront's headers. */
async function createStorefront(api, adminHeaders, name) {
  const channel = expectStatus(
    await api.post("/admin/sales-channels", { name: `${name} channel` }, { headers: adminHeaders }),
    200,
    "POST /admin/sales-channels"
  ).sales_channel
  const key = expectStatus(
    await api.post("/admin/api-keys", { title: `${name} storefront`, type: "publishable" }, { headers: adminHeaders }),
    200,
    "POST /admin/api-keys (publishable)"
  ).api_key
  expectStatus(
    await api.post(`/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] }, { headers: adminHeaders }),
    200,
    "POST /admin/api-keys/:id/sales-channels"
  )
  const region = expectStatus(
    await api.post(
      "/admin/regions",
      { name: `${name} region`, currency_code: "eur", countries: ["de"], payment_providers: ["pp_system_default"] },
      { headers: adminHeaders }
    ),
    200,
    "POST /admin/regions"
  ).region
  return { channelId: channel.id, store: publishable(key.token), regionId: region.id }
}

/** A storefront cart in the storefront's region and channel. */
async function createCart(api, storefront, email = "guest@example.com") {
  return expectStatus(
    await api.post(
      "/store/carts",
      { region_id: storefront.regionId, sales_channel_id: storefront.channelId, email },
      { headers: storefront.store }
    ),
    200,
    "POST /store/carts"
  ).cart
}

module.exports = { secretKeyHeaders, createStorefront, createCart }
