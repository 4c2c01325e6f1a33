import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 11: SMS limits count requests (`sms_request`), matched or not, so recovery answers the
 * same whether the data named an account; recovery flows carry the keyed hash of what was
 * entered (`subject_key`), which keys their attempt count and limits; codes are no longer stored
 * in messages (derived from the message id at send time), and a decoy code has no message.
 *
 * Existing rows: the last day of messages becomes the request history; flows started before
 * keep counting per account or per flow as they did; every code in a message's text is replaced
 * by the placeholder, and messages still waiting with a code are given up (the person asks for a
 * new code) together with their codes, since the code they would carry is not the stored one.
 */
export class UndisclosedSms extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "identity"."recovery_flow" add column "subject_key" text null;`);
    this.addSql(`update "identity"."recovery_flow" set "subject_key" = coalesce("user_id"::text, "id"::text);`);
    this.addSql(`alter table "identity"."recovery_flow" alter column "subject_key" set not null;`);

    this.addSql(`create table "identity"."sms_request" (
      "id" uuid not null,
      "recipient_index" text not null,
      "client_index" text null,
      "created_at" timestamptz not null,
      constraint "sms_request_pkey" primary key ("id"));`);
    this.addSql(
      `create index "sms_request_recipient_index_index" on "identity"."sms_request" ("recipient_index", "created_at");`,
    );
    this.addSql(
      `create index "sms_request_client_index_index" on "identity"."sms_request" ("client_index", "created_at");`,
    );
    this.addSql(`insert into "identity"."sms_request" ("id", "recipient_index", "client_index", "created_at")
      select gen_random_uuid(), "phone_index", "client_index", "created_at" from "identity"."sms_message"
      where "created_at" > now() - interval '1 day';`);

    this.addSql(`update "identity"."sms_message" m
      set "state" = 'failed', "last_error" = 'withheld at the upgrade that stopped storing codes: a new code is needed'
      where m."state" = 'pending' and exists (select 1 from "identity"."sms_code" c where c."message_id" = m."id");`);
    this.addSql(`update "identity"."sms_code" c set "consumed_at" = now()
      from "identity"."sms_message" m
      where c."message_id" = m."id" and c."consumed_at" is null and m."state" = 'failed';`);
    this.addSql(`update "identity"."sms_message" m
      set "text" = regexp_replace(m."text", '[0-9]{6}', '{code}', 'g')
      where exists (select 1 from "identity"."sms_code" c where c."message_id" = m."id");`);

    this.addSql(`drop index "identity"."sms_message_phone_index_index";`);
    this.addSql(`drop index "identity"."sms_message_client_index_index";`);
    this.addSql(`alter table "identity"."sms_message" drop column "phone_index", drop column "client_index";`);
    this.addSql(`alter table "identity"."sms_code" drop column "phone_index";`);
    this.addSql(`alter table "identity"."sms_code" alter column "message_id" drop not null;`);
  }
}
