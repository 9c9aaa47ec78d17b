import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201114038 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_hold_customer_id" ON "resource_hold" ("customer_id") WHERE deleted_at IS NULL AND customer_id IS NOT NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_resource_hold_customer_id";`);
  }

}
