import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201065020 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "hold_cleanup_run" add column if not exists "holds_deleted" integer not null default 0;`);
    // Written by hand (DML has no expression index): terminal holds by the time they ended,
    // so the retention sweep reads only what it deletes, however large the table.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_hold_terminal_ended_at" ON "resource_hold" ((coalesce(expired_at, released_at, updated_at))) WHERE deleted_at IS NULL AND status IN ('EXPIRED', 'RELEASED');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_resource_hold_terminal_ended_at";`);
    this.addSql(`alter table if exists "hold_cleanup_run" drop column if exists "holds_deleted";`);
  }

}
