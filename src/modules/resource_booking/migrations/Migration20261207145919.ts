import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Departures: a resource's `booking_unit` ("date" or "departure") and `min_quantity`; capacity
 * rows and holds keyed by (resource_id, date, start_time), `start_time` "" for date resources
 * (every existing row) and "HH:MM" for departures; `below_minimum_at` on a departure's row.
 * Backstops of what the module validates: a start time is "" or "HH:MM", and a departure hold
 * books one date. The overdue-hold index carries the start time, so the cleanup still finds
 * what it must lock without touching the heap.
 */
export class Migration20261207145919 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "resource_capacity" drop constraint if exists "resource_capacity_key_unique";`);
    this.addSql(`alter table if exists "resource" add column if not exists "booking_unit" text check ("booking_unit" in ('date', 'departure')) not null default 'date', add column if not exists "min_quantity" integer null;`);

    this.addSql(`drop index if exists "IDX_resource_capacity_resource_id_date_unique";`);

    this.addSql(`alter table if exists "resource_capacity" add column if not exists "start_time" text not null default '', add column if not exists "below_minimum_at" timestamptz null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_resource_capacity_key_unique" ON "resource_capacity" ("resource_id", "date", "start_time") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "resource_hold" add column if not exists "start_time" text not null default '';`);

    this.addSql(`alter table "resource_capacity" add constraint "resource_capacity_start_time_check" check ("start_time" = '' or "start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');`);
    this.addSql(`alter table "resource_hold" add constraint "resource_hold_start_time_check" check ("start_time" = '' or ("start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "end_date" = "date" and "occupied_to" = "date"));`);
    this.addSql(`alter table "resource" add constraint "resource_min_quantity_check" check ("min_quantity" is null or "min_quantity" >= 1);`);
    this.addSql(`drop index if exists "IDX_resource_hold_active_expires_at_span";`);
    this.addSql(`create index if not exists "IDX_resource_hold_active_expires_at_span" on "resource_hold" ("expires_at", "resource_id", "date", "occupied_to", "start_time") include ("quantity", "id") where "status" = 'ACTIVE' and "deleted_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_resource_hold_active_expires_at_span";`);
    this.addSql(`create index if not exists "IDX_resource_hold_active_expires_at_span" on "resource_hold" ("expires_at", "resource_id", "date", "occupied_to") include ("quantity", "id") where "status" = 'ACTIVE' and "deleted_at" is null;`);
    this.addSql(`alter table if exists "resource" drop constraint if exists "resource_min_quantity_check";`);
    this.addSql(`alter table if exists "resource_hold" drop constraint if exists "resource_hold_start_time_check";`);
    this.addSql(`alter table if exists "resource_capacity" drop constraint if exists "resource_capacity_start_time_check";`);
    this.addSql(`alter table if exists "resource" drop column if exists "booking_unit", drop column if exists "min_quantity";`);

    this.addSql(`drop index if exists "IDX_resource_capacity_key_unique";`);
    this.addSql(`alter table if exists "resource_capacity" drop column if exists "start_time", drop column if exists "below_minimum_at";`);

    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_resource_capacity_resource_id_date_unique" ON "resource_capacity" ("resource_id", "date") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "resource_hold" drop column if exists "start_time";`);
  }

}
