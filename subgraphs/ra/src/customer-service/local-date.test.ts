import { paperDateTime } from '../paper/paper-labels';
import { fixedClock } from './clock';
import { ConsultationService } from './consultation-service';
import { ConsultationWeeklySummaries, lastFridayOn } from './consultation-weekly-summary';
import { actor, openCustomerServiceTestDatabase } from './customer-service-test-database';
import { bureauTime, localDateOf, localTimeOf, startOfLocalDate } from './local-date';
import { WorkingCalendar } from './working-calendar';

describe('dates in the configured bureau time zone (BUREAU_TIME_ZONE, issue 17 item 9)', () => {
  const configured = bureauTime.zone;
  afterEach(() => {
    bureauTime.zone = configured;
  });

  it('reads dates and times in the zone it is given, not UTC+8', () => {
    const instant = new Date('2026-12-05T03:30:00Z');
    expect(localDateOf(instant, 'Asia/Shanghai')).toBe('2026-12-05');
    expect(localTimeOf(instant, 'Asia/Shanghai')).toBe('11:30');
    expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2026-12-04');
    expect(localTimeOf(instant, 'America/Los_Angeles')).toBe('19:30');
    expect(localTimeOf(instant, 'Asia/Kolkata')).toBe('09:00');
    expect(startOfLocalDate('2026-12-05', 'Asia/Shanghai').toISOString()).toBe('2026-12-04T16:00:00.000Z');
    expect(startOfLocalDate('2026-12-05', 'Asia/Kolkata').toISOString()).toBe('2026-12-04T18:30:00.000Z');
  });

  it('finds midnight on the days daylight saving starts and ends', () => {
    expect(startOfLocalDate('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDate('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDate('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfLocalDate('2026-11-02', 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
  });

  it('prints the paper date and time in the configured zone', () => {
    bureauTime.zone = 'America/Los_Angeles';
    expect(paperDateTime(new Date('2026-12-05T03:30:00Z'))).toBe('2026年12月04日 19:30');
  });

  it('CS-4: a promise of working days runs out at midnight in the configured zone', () => {
    bureauTime.zone = 'Europe/Berlin';
    // Thursday evening in Berlin, already Friday in China: seven working days end on Monday, not Tuesday.
    const requested = new Date('2026-11-19T20:00:00+01:00');
    expect(new WorkingCalendar().deadlineAfter(requested, 7).toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });

  it('CS-2: the Friday summary counts the week up to Friday midnight in the configured zone', async () => {
    bureauTime.zone = 'America/Los_Angeles';
    const orm = await openCustomerServiceTestDatabase();
    try {
      const clock = fixedClock('2026-11-16T02:00:00Z');
      const record = (at: string) => {
        clock.set(at);
        return new ConsultationService(orm.em.fork(), clock).record(
          {
            category: 'certificate_lifecycle',
            channel: 'phone',
            customerName: '太原市社保局',
            question: '证书如何更新？',
          },
          actor('SERVICE_AGENT'),
        );
      };
      // Friday 2026-11-20 ends at 2026-11-21T08:00Z in Los Angeles; the week began 2026-11-14T08:00Z.
      await record('2026-11-14T07:59:00Z');
      await record('2026-11-14T08:00:00Z');
      await record('2026-11-21T07:59:00Z');
      await record('2026-11-21T08:00:00Z');
      const figures = await new ConsultationWeeklySummaries(orm.em.fork(), clock).compute('2026-11-20');
      expect(figures.total).toBe(2);
      expect(lastFridayOn(new Date('2026-11-21T07:00:00Z'))).toBe('2026-11-20');
      expect(lastFridayOn(new Date('2026-11-14T07:00:00Z'))).toBe('2026-11-13');
    } finally {
      await orm.close();
    }
  });
});
