import type { RegistrationStep } from './registration-flow.entity';

export type RegistrationEvent = 'submitLogin' | 'submitIdentity' | 'back' | 'sendCode' | 'complete';

/** The registration wizard (ID-1) as a table: from which step each event is allowed, and where it leads. */
export const registrationTransitions: readonly {
  from: RegistrationStep;
  event: RegistrationEvent;
  to: RegistrationStep;
}[] = [
  { from: 'login', event: 'submitLogin', to: 'identity' },
  { from: 'identity', event: 'submitIdentity', to: 'verification' },
  { from: 'identity', event: 'back', to: 'login' },
  { from: 'verification', event: 'back', to: 'identity' },
  { from: 'verification', event: 'sendCode', to: 'verification' },
  { from: 'verification', event: 'complete', to: 'completed' },
];

/** The step an event leads to from `from`, or undefined when the event is not allowed there. */
export function nextStep(from: RegistrationStep, event: RegistrationEvent): RegistrationStep | undefined {
  return registrationTransitions.find((t) => t.from === from && t.event === event)?.to;
}
