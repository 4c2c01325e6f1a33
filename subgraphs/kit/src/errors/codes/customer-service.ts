import type { ErrorEntry } from '../catalogue';

/** The RA customer-service context's codes (CS-1..CS-6). */
export const customerServiceErrors = {
  DEADLINE_NOT_IN_FUTURE: {
    messages: { 'zh-CN': '处理期限须晚于当前时间', en: 'The deadline must lie in the future' },
  },
  SURVEY_ANSWERS_INVALID: {
    messages: {
      'zh-CN': '满意度调查须对每个问题打1至5分，且每题只答一次',
      en: 'A satisfaction survey needs one score from 1 to 5 for every question',
    },
  },
  WEEK_MUST_END_ON_FRIDAY: {
    messages: { 'zh-CN': '周汇总须以星期五结束', en: 'A weekly summary must end on a Friday' },
  },
  PERIOD_INVALID: {
    messages: { 'zh-CN': '统计期间的开始须早于结束', en: 'The period must start before it ends' },
  },
} as const satisfies Record<string, ErrorEntry>;
