import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * What DML cannot express, written by hand:
 * - `date` columns become real Postgres dates (DML has no date-only type: the models
 *   declare text; `db:generate` diffs against the committed snapshot, which keeps text,
 *   so later generated migrations leave these columns alone);
 * - the capacity invariant's database backstop: 0 <= available <= max, quantity > 0;
 * - a covering partial index that finds overdue ACTIVE holds and their keys without
 *   touching the heap (cleanup discovery, health counts, lazy reclaim).
 */
export class Migration20261129084700 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "resource_capacity" alter column "date" type date using "date"::date;`
    )
    this.addSql(
      `alter table "resource_hold" alter column "date" type date using "date"::date;`
    )
    this.addSql(
      `alter table "resource_capacity" add constraint "resource_capacity_max_capacity_check" check ("max_capacity" >= 0);`
    )
    this.addSql(
      `alter table "resource_capacity" add constraint "resource_capacity_available_capacity_check" check ("available_capacity" >= 0 and "available_capacity" <= "max_capacity");`
    )
    this.addSql(
      `alter table "resource_hold" add constraint "resource_hold_quantity_check" check ("quantity" > 0);`
    )
    this.addSql(
      `create index if not exists "IDX_resource_hold_active_expires_at_key" on "resource_hold" ("expires_at", "resource_id", "date") include ("quantity") where "status" = 'ACTIVE' and "deleted_at" is null;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_resource_hold_active_expires_at_key";`)
    this.addSql(
      `alter table "resource_hold" drop constraint if exists "resource_hold_quantity_check";`
    )
    this.addSql(
      `alter table "resource_capacity" drop constraint if exists "resource_capacity_available_capacity_check";`
    )
    this.addSql(
      `alter table "resource_capacity" drop constraint if exists "resource_capacity_max_capacity_check";`
    )
    this.addSql(
      `alter table "resource_hold" alter column "date" type text using to_char("date", 'YYYY-MM-DD');`
    )
    this.addSql(
      `alter table "resource_capacity" alter column "date" type text using to_char("date", 'YYYY-MM-DD');`
    )
  }
}
