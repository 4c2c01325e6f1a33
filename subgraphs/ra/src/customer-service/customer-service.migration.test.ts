import { openCustomerServiceTestDatabase } from './customer-service-test-database';

describe('customer-service migration (CS-1..CS-6)', () => {
  it('creates the tables exactly as the entities describe them, in schema ra', async () => {
    const orm = await openCustomerServiceTestDatabase();
    try {
      const drift = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, schema: 'ra' });
      expect(drift.trim()).toBe('');
      const tables: { table_name: string }[] = await orm.em
        .getConnection()
        .execute("select table_name from information_schema.tables where table_schema = 'ra' order by table_name");
      expect(tables.map((t) => t.table_name)).toEqual([
        'complaint',
        'consultation',
        'consultation_weekly_summary',
        'mikro_orm_migrations',
        'on_site_service_order',
        'phone_call',
        'phone_follow_up',
        'satisfaction_survey',
      ]);
    } finally {
      await orm.close();
    }
  });
});
