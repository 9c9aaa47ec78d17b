import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Bookings that span dates, and the booking rules of a resource.
 * - `resource_hold.end_date` (last booked date) and `occupied_to` (last occupied date,
 *   turnaround included) are real Postgres dates (the snapshot keeps DML's text, as for `date`);
 *   existing holds are one-date holds: both become their `date`.
 * - Database backstops of what the module validates: the dates are ordered, the rules in range.
 * - The overdue-hold index also carries each hold's span, so the cleanup finds what it must
 *   lock without touching the heap.
 */
export class Migration20261207014001 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "resource" add column if not exists "timezone" text null, add column if not exists "min_days" integer not null default 1, add column if not exists "max_days" integer null, add column if not exists "turnaround_days" integer not null default 0, add column if not exists "cutoff_minutes" integer not null default 0, add column if not exists "horizon_days" integer null;`)
    this.addSql(`alter table "resource" add constraint "resource_rules_check" check ("min_days" >= 1 and ("max_days" is null or "max_days" >= "min_days") and "turnaround_days" >= 0 and "cutoff_minutes" >= 0 and ("horizon_days" is null or "horizon_days" >= 0));`)

    this.addSql(`alter table if exists "resource_hold" add column if not exists "end_date" date null, add column if not exists "occupied_to" date null;`)
    this.addSql(`update "resource_hold" set "end_date" = "date", "occupied_to" = "date" where "end_date" is null;`)
    this.addSql(`alter table "resource_hold" alter column "end_date" set not null, alter column "occupied_to" set not null;`)
    this.addSql(`alter table "resource_hold" add constraint "resource_hold_dates_check" check ("end_date" >= "date" and "occupied_to" >= "end_date");`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_hold_occupying" ON "resource_hold" ("resource_id", "occupied_to", "date") WHERE status IN ('ACTIVE', 'CONFIRMED') AND deleted_at IS NULL;`)
    this.addSql(`drop index if exists "IDX_resource_hold_active_expires_at_key";`)
    this.addSql(`create index if not exists "IDX_resource_hold_active_expires_at_span" on "resource_hold" ("expires_at", "resource_id", "date", "occupied_to") include ("quantity", "id") where "status" = 'ACTIVE' and "deleted_at" is null;`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_resource_hold_active_expires_at_span";`)
    this.addSql(`create index if not exists "IDX_resource_hold_active_expires_at_key" on "resource_hold" ("expires_at", "resource_id", "date") include ("quantity") where "status" = 'ACTIVE' and "deleted_at" is null;`)
    this.addSql(`drop index if exists "IDX_resource_hold_occupying";`)
    this.addSql(`alter table if exists "resource_hold" drop constraint if exists "resource_hold_dates_check";`)
    this.addSql(`alter table if exists "resource_hold" drop column if exists "end_date", drop column if exists "occupied_to";`)
    this.addSql(`alter table if exists "resource" drop constraint if exists "resource_rules_check";`)
    this.addSql(`alter table if exists "resource" drop column if exists "timezone", drop column if exists "min_days", drop column if exists "max_days", drop column if exists "turnaround_days", drop column if exists "cutoff_minutes", drop column if exists "horizon_days";`)
  }
}
