import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129092045 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "resource_hold" add column if not exists "order_id" text null, add column if not exists "line_item_id" text null, add column if not exists "confirmation_error" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_hold_order_id" ON "resource_hold" ("order_id") WHERE deleted_at IS NULL AND order_id IS NOT NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_resource_hold_order_id";`);
    this.addSql(`alter table if exists "resource_hold" drop column if exists "order_id", drop column if exists "line_item_id", drop column if exists "confirmation_error";`);
  }

}
