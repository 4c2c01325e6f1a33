import { DomainError, type StaffRole } from '@tessera/kit';

/** Who acts: staff carry their roles; a citizen acts as `CITIZEN`. */
export type ActorRole = StaffRole | 'CITIZEN';

export interface Actor {
  /** Staff id or user id. */
  id: string;
  roles: ReadonlySet<ActorRole>;
}

/** One row of a state machine: from which state, on which event, to which state, by whom. */
export interface Transition<S extends string, E extends string> {
  /** `null` for the event that creates the record. */
  from: S | null;
  event: E;
  to: S;
  roles: readonly ActorRole[];
}

/**
 * The row that lets `actor` fire `event` from `from`; throws TRANSITION_NOT_ALLOWED when the table has
 * no such row and FORBIDDEN when it has one the actor's roles do not match.
 */
export function transition<S extends string, E extends string>(
  table: readonly Transition<S, E>[],
  from: S | null,
  event: E,
  actor: Actor,
): Transition<S, E> {
  const row = table.find((t) => t.from === from && t.event === event);
  if (!row) throw new DomainError('TRANSITION_NOT_ALLOWED', { state: from ?? 'none', event });
  if (!row.roles.some((role) => actor.roles.has(role))) {
    throw new DomainError('FORBIDDEN');
  }
  return row;
}
