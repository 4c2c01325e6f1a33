import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, openDatabase, type StaffRole } from '@tessera/kit';
import { createTestDatabase } from '../../../../test/src/harness/platform';
import { CustomerService } from './customer-service.migration';
import { customerServiceEntities } from './entities';
import type { Actor, ActorRole } from './state-machine';

/** The customer-service tables, created by their migration in a fresh database of the test run. */
export async function openCustomerServiceTestDatabase(): Promise<MikroORM> {
  return openDatabase({
    url: await createTestDatabase(),
    schema: 'ra',
    entities: customerServiceEntities,
    migrations: [{ name: '0001-customer-service', class: CustomerService }],
    log: createLogger({ service: 'customer-service-test', level: 'silent' }),
    poolSize: 2,
  });
}

let actors = 0;

/** A staff member or citizen with a fresh id. */
export function actor(...roles: (StaffRole | 'CITIZEN')[]): Actor {
  actors += 1;
  return {
    id: `00000000-0000-4000-8000-${String(actors).padStart(12, '0')}`,
    roles: new Set<ActorRole>(roles),
  };
}

/** The `extensions` of a domain error, to assert its code and reason. */
export async function failureOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected a failure');
}
