import type { ErrorEntry } from '../catalogue';

/**
 * Issue 15 item 4 (trusted time): RFC 3161 time-stamp tokens as the kit's `verifyTimeStampToken` judges them,
 * for the signature verification service and the RA's operation-log anchors (RA-14).
 */
export const timestampErrors = {
  TIMESTAMP_INVALID: {
    messages: {
      'zh-CN': '时间戳令牌无效：{problem}',
      en: 'The time-stamp token is not valid: {problem}',
    },
  },
  TIMESTAMP_IMPRINT_MISMATCH: {
    messages: {
      'zh-CN': '时间戳令牌所盖的不是这份数据（消息摘要不符）',
      en: 'The time-stamp token was not made for this data (the message imprint differs)',
    },
  },
  TIMESTAMP_UNTRUSTED: {
    messages: {
      'zh-CN': '时间戳令牌不是由受信任的时间戳服务签发：{problem}',
      en: 'The time-stamp token does not come from a trusted time-stamping authority: {problem}',
    },
  },
  TIMESTAMP_REJECTED: {
    messages: {
      'zh-CN': '时间戳服务拒绝了请求（状态 {status}{failInfo}）',
      en: 'The time-stamping authority refused the request (status {status}{failInfo})',
    },
  },
  OPERATION_LOG_ANCHOR_ENTRY_MISSING: {
    messages: {
      'zh-CN': '操作日志中已找不到时间戳锚定的记录：日志条目被删除（RA-14）',
      en: 'The operation log no longer has the entry a time-stamp anchor stamped: entries were removed (RA-14)',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
