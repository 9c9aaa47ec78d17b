// Database settings for @medusajs/test-utils, defaulting to the local Postgres with trust
// auth. DB_HOST must be "localhost": for any other host test-utils forces SSL.
process.env.DB_HOST = process.env.DB_HOST || "localhost"
process.env.DB_PORT = process.env.DB_PORT || "5432"
process.env.DB_USERNAME = process.env.DB_USERNAME || "postgres"
process.env.DB_PASSWORD = process.env.DB_PASSWORD || ""
process.env.DB_TEMP_NAME = process.env.DB_TEMP_NAME || "medusa_resource_booking_test"
process.env.MEDUSA_DISABLE_TELEMETRY = "true"
process.env.NODE_ENV = process.env.NODE_ENV || "test"
