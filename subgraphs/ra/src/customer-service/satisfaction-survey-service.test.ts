import type { MikroORM } from '@mikro-orm/postgresql';
import { fixedClock } from './clock';
import { actor, failureOf, openCustomerServiceTestDatabase } from './customer-service-test-database';
import { satisfactionQuestions, satisfactionScore } from './satisfaction-questionnaire';
import { SatisfactionSurveyService } from './satisfaction-survey-service';

const scored = (...scores: number[]) =>
  satisfactionQuestions.map((q, i) => ({ question: q.id, score: scores[i] ?? 0 }));

describe('satisfaction surveys (CS-6)', () => {
  let orm: MikroORM;
  const clock = fixedClock('2026-11-02T02:00:00Z');
  const surveyor = actor('SERVICE_AGENT');
  const surveys = () => new SatisfactionSurveyService(orm.em.fork(), clock);
  const survey = (scope: string, at: string, scores: number[], feedback?: string) => {
    clock.set(at);
    return surveys().record({ scope, respondentName: '参保单位', answers: scored(...scores), feedback }, surveyor);
  };

  beforeAll(async () => {
    orm = await openCustomerServiceTestDatabase();
  });
  afterAll(() => orm.close());

  it('CS-6: the satisfaction score is the mean answer scaled to 0–100', async () => {
    expect(satisfactionScore({ attitude: 5, responsiveness: 5, competence: 5, resolution: 5, overall: 5 })).toBe(100);
    expect(satisfactionScore({ attitude: 1, responsiveness: 1, competence: 1, resolution: 1, overall: 1 })).toBe(0);
    const recorded = await survey('2026Q4 市县用户', '2026-11-02T02:00:00Z', [5, 4, 4, 3, 4]);
    expect(recorded).toMatchObject({ score: 75, surveyorId: surveyor.id });
    expect(recorded.answers).toEqual({ attitude: 5, responsiveness: 4, competence: 4, resolution: 3, overall: 4 });
  });

  it('CS-6: a form needs one score from 1 to 5 for every question', async () => {
    for (const answers of [
      scored(5, 4, 4, 3),
      scored(5, 4, 4, 3, 6),
      scored(5, 4, 4, 3, 0),
      [...scored(5, 4, 4, 3, 4), { question: 'overall', score: 5 }],
      [...scored(5, 4, 4, 3), { question: 'price', score: 5 }],
    ]) {
      const failure = await failureOf(surveys().record({ scope: 's', respondentName: 'r', answers }, surveyor));
      expect(failure).toMatchObject({ code: 'SURVEY_ANSWERS_INVALID' });
    }
  });

  it('CS-6: the report gives the period count, average score, distribution and feedback', async () => {
    await survey('2026Q4 省厅用户', '2026-11-10T02:00:00Z', [5, 5, 5, 5, 5], '服务很好');
    await survey('2026Q4 省厅用户', '2026-11-11T02:00:00Z', [2, 2, 2, 2, 2], '等待太久');
    await survey('2026Q4 省厅用户', '2026-12-01T02:00:00Z', [1, 1, 1, 1, 1]);
    const report = await surveys().report({
      from: new Date('2026-11-01T00:00:00+08:00'),
      to: new Date('2026-12-01T00:00:00+08:00'),
    });
    expect(report).toMatchObject({ count: 3, averageScore: 66.7, feedback: ['等待太久', '服务很好'] });
    expect(report.distribution).toEqual([
      { level: 'very_satisfied', count: 1 },
      { level: 'satisfied', count: 1 },
      { level: 'neutral', count: 0 },
      { level: 'dissatisfied', count: 1 },
      { level: 'very_dissatisfied', count: 0 },
    ]);
    expect(report.questionAverages[0]).toEqual({ question: 'attitude', average: 4 });
    const scoped = await surveys().report({ ...report, scope: '2026Q4 省厅用户' });
    expect(scoped).toMatchObject({ count: 2, averageScore: 62.5 });
    expect(await failureOf(surveys().report({ from: report.to, to: report.from }))).toMatchObject({
      code: 'PERIOD_INVALID',
    });
  });
});
