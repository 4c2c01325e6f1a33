import { Migration } from '@mikro-orm/migrations';

/**
 * Foreign keys between the identity tables. Sessions, security answers and flows belong to their
 * account (removed with it); sign-in and verification history, lookups and the management audit
 * keep the account they name (no account with history can be removed). Admin actions name their
 * actor by token subject only, which may be a service. Also: the temporary-password flag of staff
 * accounts, and the index the list of ended sessions is read through.
 */
export class ForeignKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "identity"."bank_bin" add constraint "bank_bin_bank_code_foreign" foreign key ("bank_code") references "identity"."bank" ("code") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "identity"."sms_code" add constraint "sms_code_message_id_foreign" foreign key ("message_id") references "identity"."sms_message" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`alter table "identity"."user" add column "password_change_required" boolean not null default false;`);
    this.addSql(
      `alter table "identity"."user" add constraint "user_bank_code_foreign" foreign key ("bank_code") references "identity"."bank" ("code") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "identity"."sign_in_event" add constraint "sign_in_event_user_id_foreign" foreign key ("user_id") references "identity"."user" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "identity"."session" add constraint "session_user_id_foreign" foreign key ("user_id") references "identity"."user" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`create index "session_revoked_at_index" on "identity"."session" ("revoked_at");`);
    this.addSql(
      `alter table "identity"."security_answer" add constraint "security_answer_user_id_foreign" foreign key ("user_id") references "identity"."user" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "identity"."registration_flow" add constraint "registration_flow_bank_code_foreign" foreign key ("bank_code") references "identity"."bank" ("code") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "identity"."registration_flow" add constraint "registration_flow_sms_message_id_foreign" foreign key ("sms_message_id") references "identity"."sms_message" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "identity"."registration_flow" add constraint "registration_flow_user_id_foreign" foreign key ("user_id") references "identity"."user" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "identity"."recovery_flow" add constraint "recovery_flow_user_id_foreign" foreign key ("user_id") references "identity"."user" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "identity"."profile_change" add constraint "profile_change_user_id_foreign" foreign key ("user_id") references "identity"."user" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "identity"."profile_change" add constraint "profile_change_bank_code_foreign" foreign key ("bank_code") references "identity"."bank" ("code") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "identity"."identity_lookup" add constraint "identity_lookup_user_id_foreign" foreign key ("user_id") references "identity"."user" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "identity"."admin_action" add constraint "admin_action_target_user_id_foreign" foreign key ("target_user_id") references "identity"."user" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "identity"."verification_event" add constraint "verification_event_user_id_foreign" foreign key ("user_id") references "identity"."user" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "identity"."verification_event" add constraint "verification_event_bank_code_foreign" foreign key ("bank_code") references "identity"."bank" ("code") on update cascade on delete no action;`,
    );
  }
}
