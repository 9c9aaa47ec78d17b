// Test settings shared by every project. The database connection (DB_HOST, DB_PORT,
// DB_USERNAME, DB_PASSWORD) is chosen by tests/global-setup.js before this file runs and is
// left as it is here.
process.env.DB_TEMP_NAME = process.env.DB_TEMP_NAME || "medusa_resource_booking_test"
process.env.MEDUSA_DISABLE_TELEMETRY = "true"
process.env.NODE_ENV = process.env.NODE_ENV || "test"
