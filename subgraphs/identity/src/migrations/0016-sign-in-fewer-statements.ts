import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 12 (the sign-in's statements): a provider session moves to a new platform session in one
 * statement, so its unique `sso_uid` is checked at the end of the statement (deferrable, initially
 * immediate) rather than row by row; and every change to a business system notifies the replicas
 * that keep its client metadata in memory (`BusinessSystemClients`), whoever made the change.
 */
export class SignInFewerStatements extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "identity"."session" drop constraint "session_sso_uid_unique";`);
    this.addSql(
      `alter table "identity"."session" add constraint "session_sso_uid_unique" unique ("sso_uid") deferrable initially immediate;`,
    );
    this.addSql(
      `create function "identity"."notify_application_system_changed"() returns trigger language plpgsql as $$
       begin
         perform pg_notify('identity_application_system', coalesce(new."code", old."code"));
         return null;
       end $$;`,
    );
    this.addSql(
      `create trigger "application_system_changed" after insert or update or delete on "identity"."application_system"
       for each row execute function "identity"."notify_application_system_changed"();`,
    );
  }
}
