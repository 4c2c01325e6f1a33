import { Migration } from '@mikro-orm/migrations';

/** The partner banks of seed 000 (ID-6): CMBC is shown but not connected yet. */
const banks: [code: string, nameZh: string, nameEn: string, connected: boolean][] = [
  ['CCB', '建设银行', 'China Construction Bank', true],
  ['ICBC', '工商银行', 'Industrial and Commercial Bank of China', true],
  ['BOC', '中国银行', 'Bank of China', true],
  ['ABC', '农业银行', 'Agricultural Bank of China', true],
  ['CMB', '招商银行', 'China Merchants Bank', true],
  ['PAB', '平安银行', 'Ping An Bank', true],
  ['SRCB', '深圳农村商业银行', 'Shenzhen Rural Commercial Bank', true],
  ['PSBC', '邮储银行', 'Postal Savings Bank of China', true],
  ['BOCOM', '交通银行', 'Bank of Communications', true],
  ['CITIC', '中信银行', 'China CITIC Bank', true],
  ['CEB', '光大银行', 'China Everbright Bank', true],
  ['CMBC', '民生银行', 'China Minsheng Bank', false],
];

/** Issuer prefixes of the partner banks (public UnionPay BIN data, 2020): debit with card length, credit. */
const bins: [bankCode: string, debit: [prefix: string, panLength: number][], credit: string[]][] = [
  [
    'CCB',
    [
      ['621700', 19],
      ['436742', 19],
    ],
    ['436745', '622166'],
  ],
  [
    'ICBC',
    [
      ['622202', 19],
      ['622208', 19],
      ['621226', 19],
    ],
    ['427020', '524047'],
  ],
  [
    'BOC',
    [
      ['621661', 19],
      ['621660', 19],
    ],
    ['409666', '622760'],
  ],
  [
    'ABC',
    [
      ['622848', 19],
      ['622821', 19],
    ],
    ['403361', '519412'],
  ],
  [
    'CMB',
    [
      ['622588', 16],
      ['622580', 16],
    ],
    ['356885', '439188'],
  ],
  [
    'PAB',
    [
      ['623058', 19],
      ['622298', 16],
    ],
    ['622155', '356868'],
  ],
  [
    'SRCB',
    [
      ['622128', 16],
      ['622129', 16],
      ['623035', 16],
    ],
    [],
  ],
  [
    'PSBC',
    [
      ['621799', 19],
      ['622188', 19],
      ['622150', 19],
    ],
    ['622810', '625919'],
  ],
  [
    'BOCOM',
    [
      ['622262', 19],
      ['622260', 19],
    ],
    ['622252', '458123'],
  ],
  [
    'CITIC',
    [
      ['622690', 16],
      ['621771', 16],
    ],
    ['356390', '404157'],
  ],
  [
    'CEB',
    [
      ['622666', 16],
      ['620518', 16],
    ],
    ['356837', '406252'],
  ],
  [
    'CMBC',
    [
      ['622622', 16],
      ['622615', 16],
    ],
    ['356856', '407405'],
  ],
];

export class Registration extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "identity"."bank" (
      "code" text not null,
      "name_zh" text not null,
      "name_en" text not null,
      "connected" boolean not null,
      "display_order" integer not null,
      "updated_at" timestamptz not null,
      constraint "bank_pkey" primary key ("code"));`);
    banks.forEach(([code, nameZh, nameEn, connected], i) => {
      this.addSql(
        this.getKnex()
          .withSchema('identity')
          .table('bank')
          .insert({
            code,
            name_zh: nameZh,
            name_en: nameEn,
            connected,
            display_order: i + 1,
            updated_at: this.getKnex().fn.now(),
          })
          .toQuery(),
      );
    });
    this.addSql(`create table "identity"."bank_bin" (
      "prefix" text not null,
      "bank_code" text not null,
      "card_type" text check ("card_type" in ('debit', 'credit')) not null,
      "pan_length" integer null,
      constraint "bank_bin_pkey" primary key ("prefix"));`);
    for (const [bankCode, debit, credit] of bins) {
      const rows = [
        ...debit.map(([prefix, panLength]) => ({
          prefix,
          bank_code: bankCode,
          card_type: 'debit',
          pan_length: panLength,
        })),
        ...credit.map((prefix) => ({ prefix, bank_code: bankCode, card_type: 'credit', pan_length: null })),
      ];
      this.addSql(this.getKnex().withSchema('identity').table('bank_bin').insert(rows).toQuery());
    }

    this.addSql(`alter table "identity"."user"
      add column "password_hash" text null,
      add column "id_type" text null,
      add column "id_number_sealed" text null,
      add column "id_number_index" text null,
      add column "id_number_masked" text null,
      add column "bank_code" text null,
      add column "card_number_sealed" text null,
      add column "card_number_masked" text null,
      add column "phone_sealed" text null,
      add column "phone_index" text null,
      add column "phone_masked" text null,
      add column "verified_at" timestamptz null,
      add column "verification_method" text null;`);
    // One account per real person: the keyed index of ID type + number is unique among citizens.
    this.addSql(`create unique index "user_identity_unique" on "identity"."user" ("id_number_index")
      where "kind" = 'citizen' and "id_number_index" is not null;`);
    this.addSql(`create index "user_id_number_index_index" on "identity"."user" ("id_number_index");`);
    this.addSql(`create index "user_phone_index_index" on "identity"."user" ("phone_index");`);

    this.addSql(`create table "identity"."registration_flow" (
      "id" uuid not null,
      "step" text check ("step" in ('login', 'identity', 'verification', 'completed')) not null default 'login',
      "expires_at" timestamptz not null,
      "username" text null,
      "password_hash" text null,
      "name" text null,
      "id_type" text null,
      "id_number_sealed" text null,
      "bank_code" text null,
      "card_number_sealed" text null,
      "phone_sealed" text null,
      "bank_checks" int not null default 0,
      "bank_verified_at" timestamptz null,
      "sms_message_id" uuid null,
      "user_id" uuid null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "registration_flow_pkey" primary key ("id"));`);
    this.addSql(`create index "registration_flow_expires_at_index" on "identity"."registration_flow" ("expires_at");`);

    this.addSql(`create table "identity"."sms_message" (
      "id" uuid not null,
      "purpose" text not null,
      "phone_sealed" text not null,
      "phone_index" text not null,
      "phone_masked" text not null,
      "client_index" text null,
      "text" text not null,
      "state" text check ("state" in ('pending', 'sent', 'failed')) not null default 'pending',
      "attempts" int not null default 0,
      "next_attempt_at" timestamptz not null,
      "last_error" text null,
      "created_at" timestamptz not null,
      "sent_at" timestamptz null,
      constraint "sms_message_pkey" primary key ("id"));`);
    this.addSql(
      `create index "sms_message_state_next_attempt_at_index" on "identity"."sms_message" ("state", "next_attempt_at");`,
    );
    this.addSql(
      `create index "sms_message_phone_index_index" on "identity"."sms_message" ("phone_index", "created_at");`,
    );
    this.addSql(
      `create index "sms_message_client_index_index" on "identity"."sms_message" ("client_index", "created_at");`,
    );

    this.addSql(`create table "identity"."sms_code" (
      "id" uuid not null,
      "purpose" text not null,
      "subject" text not null,
      "phone_index" text not null,
      "code_digest" text not null,
      "expires_at" timestamptz not null,
      "attempts" int not null default 0,
      "consumed_at" timestamptz null,
      "message_id" uuid not null,
      "created_at" timestamptz not null,
      constraint "sms_code_pkey" primary key ("id"));`);
    this.addSql(`create index "sms_code_purpose_subject_index" on "identity"."sms_code" ("purpose", "subject");`);

    this.addSql(`create table "identity"."captcha_challenge" (
      "id" uuid not null,
      "answer_digest" text not null,
      "expires_at" timestamptz not null,
      "created_at" timestamptz not null,
      constraint "captcha_challenge_pkey" primary key ("id"));`);
    this.addSql(`create index "captcha_challenge_expires_at_index" on "identity"."captcha_challenge" ("expires_at");`);
  }
}
