import { type Clock, systemClock } from './clock';
import { WorkingCalendar } from './working-calendar';

/**
 * What the resolvers give the domain services: type-graphql builds resolvers without a container,
 * so the subgraph sets these once at start (holidays from configuration, a test clock in tests).
 */
export const customerServiceRuntime: { clock: Clock; calendar: WorkingCalendar } = {
  clock: systemClock,
  calendar: new WorkingCalendar(),
};
