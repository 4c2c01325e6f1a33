/** The questions of the satisfaction survey form (用户满意度调查表, CS-6), each scored 1 (poor) to 5 (excellent). */
export const satisfactionQuestions = [
  { id: 'attitude', text: { 'zh-CN': '服务态度', en: 'Attitude of the staff' } },
  { id: 'responsiveness', text: { 'zh-CN': '响应速度', en: 'Speed of response' } },
  { id: 'competence', text: { 'zh-CN': '业务水平', en: 'Competence' } },
  { id: 'resolution', text: { 'zh-CN': '问题解决情况', en: 'Whether the problem was solved' } },
  { id: 'overall', text: { 'zh-CN': '总体评价', en: 'Overall' } },
] as const;
export type SatisfactionQuestionId = (typeof satisfactionQuestions)[number]['id'];

export const minScore = 1;
export const maxScore = 5;

export type SurveyAnswers = Record<SatisfactionQuestionId, number>;

/**
 * The satisfaction score of one survey: the mean answer scaled to 0–100, so 5 on every question
 * scores 100 and 1 on every question scores 0. Rounded to one decimal.
 */
export function satisfactionScore(answers: SurveyAnswers): number {
  const scores = satisfactionQuestions.map((q) => answers[q.id]);
  const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
  return Math.round(((mean - minScore) / (maxScore - minScore)) * 1000) / 10;
}

/** Satisfaction levels for the report's distribution, by score. */
export const satisfactionLevels = [
  { level: 'very_satisfied', from: 80 },
  { level: 'satisfied', from: 60 },
  { level: 'neutral', from: 40 },
  { level: 'dissatisfied', from: 20 },
  { level: 'very_dissatisfied', from: 0 },
] as const;
export type SatisfactionLevel = (typeof satisfactionLevels)[number]['level'];

export function satisfactionLevelOf(score: number): SatisfactionLevel {
  return satisfactionLevels.find((l) => score >= l.from)?.level ?? 'very_dissatisfied';
}
