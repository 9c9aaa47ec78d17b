import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129084621 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "resource_capacity" drop constraint if exists "resource_capacity_resource_id_date_unique";`);
    this.addSql(`create table if not exists "resource" ("id" text not null, "name" text not null, "description" text null, "is_active" boolean not null default true, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "resource_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_deleted_at" ON "resource" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_is_active" ON "resource" ("is_active") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "resource_capacity" ("id" text not null, "date" text not null, "max_capacity" integer not null, "available_capacity" integer not null, "resource_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "resource_capacity_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_capacity_resource_id" ON "resource_capacity" ("resource_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_capacity_deleted_at" ON "resource_capacity" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_resource_capacity_resource_id_date_unique" ON "resource_capacity" ("resource_id", "date") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "resource_hold" ("id" text not null, "date" text not null, "quantity" integer not null, "status" text check ("status" in ('ACTIVE', 'CONFIRMED', 'RELEASED', 'EXPIRED')) not null default 'ACTIVE', "expires_at" timestamptz not null, "cart_id" text null, "customer_id" text null, "confirmed_at" timestamptz null, "released_at" timestamptz null, "expired_at" timestamptz null, "metadata" jsonb null, "resource_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "resource_hold_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_hold_resource_id" ON "resource_hold" ("resource_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_hold_deleted_at" ON "resource_hold" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_hold_status_expires_at" ON "resource_hold" ("status", "expires_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_hold_resource_id_date_status" ON "resource_hold" ("resource_id", "date", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_resource_hold_cart_id" ON "resource_hold" ("cart_id") WHERE deleted_at IS NULL AND cart_id IS NOT NULL;`);

    this.addSql(`alter table if exists "resource_capacity" add constraint "resource_capacity_resource_id_foreign" foreign key ("resource_id") references "resource" ("id") on update cascade;`);

    this.addSql(`alter table if exists "resource_hold" add constraint "resource_hold_resource_id_foreign" foreign key ("resource_id") references "resource" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "resource_capacity" drop constraint if exists "resource_capacity_resource_id_foreign";`);

    this.addSql(`alter table if exists "resource_hold" drop constraint if exists "resource_hold_resource_id_foreign";`);

    this.addSql(`drop table if exists "resource" cascade;`);

    this.addSql(`drop table if exists "resource_capacity" cascade;`);

    this.addSql(`drop table if exists "resource_hold" cascade;`);
  }

}
