import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201110625 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "hold_cleanup_run" drop constraint if exists "hold_cleanup_run_status_check";`);

    this.addSql(`alter table if exists "hold_cleanup_run" add column if not exists "runner" text null;`);
    this.addSql(`alter table if exists "hold_cleanup_run" alter column "finished_at" type timestamptz using ("finished_at"::timestamptz);`);
    this.addSql(`alter table if exists "hold_cleanup_run" alter column "finished_at" drop not null;`);
    this.addSql(`alter table if exists "hold_cleanup_run" alter column "duration_ms" type integer using ("duration_ms"::integer);`);
    this.addSql(`alter table if exists "hold_cleanup_run" alter column "duration_ms" drop not null;`);
    this.addSql(`alter table if exists "hold_cleanup_run" add constraint "hold_cleanup_run_status_check" check("status" in ('running', 'succeeded', 'failed', 'skipped', 'interrupted'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "hold_cleanup_run" drop constraint if exists "hold_cleanup_run_status_check";`);

    this.addSql(`alter table if exists "hold_cleanup_run" drop column if exists "runner";`);

    this.addSql(`alter table if exists "hold_cleanup_run" alter column "finished_at" type timestamptz using ("finished_at"::timestamptz);`);
    this.addSql(`alter table if exists "hold_cleanup_run" alter column "finished_at" set not null;`);
    this.addSql(`alter table if exists "hold_cleanup_run" alter column "duration_ms" type integer using ("duration_ms"::integer);`);
    this.addSql(`alter table if exists "hold_cleanup_run" alter column "duration_ms" set not null;`);
    this.addSql(`alter table if exists "hold_cleanup_run" add constraint "hold_cleanup_run_status_check" check("status" in ('succeeded', 'failed', 'skipped'));`);
  }

}
