import { Migration } from '@mikro-orm/migrations';

export class Recovery extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "identity"."security_answer" (
      "user_id" uuid not null,
      "question_id" text not null,
      "answer_hash" text not null,
      "created_at" timestamptz not null,
      constraint "security_answer_pkey" primary key ("user_id", "question_id"));`);
    this.addSql(`create table "identity"."recovery_flow" (
      "id" uuid not null,
      "purpose" text check ("purpose" in ('username', 'password')) not null,
      "user_id" uuid null,
      "method" text check ("method" in ('questions', 'sms')) null,
      "verified_at" timestamptz null,
      "completed_at" timestamptz null,
      "expires_at" timestamptz not null,
      "created_at" timestamptz not null,
      constraint "recovery_flow_pkey" primary key ("id"));`);
  }
}
