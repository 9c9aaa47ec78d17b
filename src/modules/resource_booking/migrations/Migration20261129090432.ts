import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129090432 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "hold_cleanup_run" ("id" text not null, "trigger" text check ("trigger" in ('schedule', 'manual', 'script')) not null, "status" text check ("status" in ('succeeded', 'failed', 'skipped')) not null, "started_at" timestamptz not null, "finished_at" timestamptz not null, "duration_ms" integer not null, "expired_count" integer not null default 0, "capacity_restored" integer not null default 0, "failed_count" integer not null default 0, "failed_hold_ids" jsonb null, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "hold_cleanup_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_hold_cleanup_run_deleted_at" ON "hold_cleanup_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_hold_cleanup_run_started_at" ON "hold_cleanup_run" ("started_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_hold_cleanup_run_status_started_at" ON "hold_cleanup_run" ("status", "started_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "hold_cleanup_run" cascade;`);
  }

}
