import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201081050 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "hold_audit" ("id" text not null, "audited_at" timestamptz not null, "duration_ms" integer not null, "holds_active" integer not null, "holds_expired" integer not null, "holds_confirmed" integer not null, "holds_released" integer not null, "drift_records" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "hold_audit_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_hold_audit_deleted_at" ON "hold_audit" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_hold_audit_audited_at" ON "hold_audit" ("audited_at") WHERE deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_hold_confirmation_failed" ON "resource_hold" ("order_id") WHERE confirmation_error IS NOT NULL AND status <> 'CONFIRMED' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "hold_audit" cascade;`);

    this.addSql(`drop index if exists "IDX_resource_hold_confirmation_failed";`);
  }

}
