/**
 * A Redis database of the check's own on a shared Redis server: the first empty one of
 * databases 15 down to 1, so the cluster's queues, scheduled jobs and locks meet nothing
 * another app left there. Flushed again by the cleanup it registers.
 */
const Redis = require("ioredis")

async function createScratchRedis(serverUrl, { cleanups }) {
  for (let index = 15; index >= 1; index--) {
    const url = new URL(serverUrl)
    url.pathname = `/${index}`
    const redis = new Redis(url.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 })
    try {
      await redis.connect()
    } catch (error) {
      redis.disconnect()
      throw new Error(`Redis at ${serverUrl} is not reachable (${error.message}); start it (redis-server) or set REDIS_URL`)
    }
    const size = await redis.dbsize()
    if (size === 0) {
      cleanups.push(async () => {
        const flusher = new Redis(url.toString(), { maxRetriesPerRequest: 1 })
        try {
          await flusher.flushdb()
        } finally {
          flusher.disconnect()
        }
      })
      redis.disconnect()
      return { url: url.toString(), index }
    }
    redis.disconnect()
  }
  throw new Error(`Redis at ${serverUrl} has no empty database among 1–15`)
}

module.exports = { createScratchRedis }
