import { WorkingCalendar } from './working-calendar';

describe('working calendar (CS-4)', () => {
  const calendar = new WorkingCalendar();

  it('CS-4: counts Monday to Friday only', () => {
    expect(calendar.isWorkingDay('2026-11-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-11-21')).toBe(false);
    expect(calendar.isWorkingDay('2026-11-22')).toBe(false);
    expect(calendar.addWorkingDays('2026-11-20', 7)).toBe('2026-12-01');
    expect(calendar.addWorkingDays('2026-11-21', 7)).toBe('2026-12-01');
  });

  it('CS-4: seven working days from a Friday end on the second Tuesday, at midnight China time', () => {
    const requested = new Date('2026-11-20T09:30:00+08:00');
    expect(calendar.deadlineAfter(requested, 7).toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });

  it('CS-4: a request late on Friday evening UTC is already Saturday in China', () => {
    const requested = new Date('2026-11-20T17:00:00Z');
    expect(calendar.deadlineAfter(requested, 7).toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });

  it('CS-4: skips injected holidays and counts make-up working weekends', () => {
    const nationalDay = new WorkingCalendar({
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      workingWeekends: ['2026-10-10'],
    });
    expect(nationalDay.isWorkingDay('2026-10-01')).toBe(false);
    expect(nationalDay.isWorkingDay('2026-10-10')).toBe(true);
    expect(nationalDay.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(calendar.addWorkingDays('2026-09-30', 3)).toBe('2026-10-05');
  });
});
