import type { Locale } from '../config/config';

export interface ErrorEntry {
  /** Message per locale; `{name}` placeholders are filled from the error's params. */
  messages: Record<Locale, string>;
  /** HTTP status when the error ends the whole request (before execution). */
  httpStatus?: number;
  /** Keep the technical detail of the underlying error (safe, developer-facing) after the message. */
  withDetail?: boolean;
}

/**
 * The one catalogue of error codes the graph returns in `extensions.code`.
 * Codes are stable API: clients switch on them, never on messages.
 */
export const catalogue = {
  INTERNAL_SERVER_ERROR: {
    messages: { 'zh-CN': '系统繁忙，请稍后再试', en: 'Something went wrong on our side; please try again later' },
    httpStatus: 500,
  },
  UNAUTHENTICATED: {
    messages: { 'zh-CN': '请先登录', en: 'Please sign in first' },
    httpStatus: 401,
  },
  INVALID_TOKEN: {
    messages: { 'zh-CN': '登录已失效，请重新登录', en: 'Your sign-in has expired or is invalid; please sign in again' },
    httpStatus: 401,
  },
  FORBIDDEN: {
    messages: { 'zh-CN': '您无权执行此操作', en: 'You are not allowed to do this' },
  },
  NOT_FOUND: {
    messages: { 'zh-CN': '未找到请求的内容', en: 'Not found' },
  },
  BAD_USER_INPUT: {
    messages: { 'zh-CN': '输入有误', en: 'The input is not valid' },
    withDetail: true,
  },
  BAD_REQUEST: {
    messages: { 'zh-CN': '请求格式不正确', en: 'The request is malformed' },
    withDetail: true,
  },
  GRAPHQL_PARSE_FAILED: {
    messages: { 'zh-CN': '查询语句无法解析', en: 'The GraphQL document cannot be parsed' },
    withDetail: true,
  },
  GRAPHQL_VALIDATION_FAILED: {
    messages: { 'zh-CN': '查询语句不符合接口定义', en: 'The GraphQL document does not match the schema' },
    withDetail: true,
  },
  OPERATION_RESOLUTION_FAILURE: {
    messages: { 'zh-CN': '无法确定要执行的操作', en: 'The operation to run cannot be determined' },
    withDetail: true,
  },
  PERSISTED_QUERY_NOT_FOUND: {
    messages: { 'zh-CN': '未找到登记的操作', en: 'The registered operation was not found' },
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    messages: { 'zh-CN': '不支持登记的操作', en: 'Registered operations are not supported' },
  },
  QUERY_TOO_COMPLEX: {
    messages: { 'zh-CN': '查询过于复杂，请拆分后再试', en: 'The query is too complex; split it into smaller ones' },
    withDetail: true,
  },
  SERVICE_UNAVAILABLE: {
    messages: { 'zh-CN': '服务暂不可用，请稍后再试', en: 'A service is unavailable; please try again later' },
    httpStatus: 503,
  },
  CONFLICT: {
    messages: {
      'zh-CN': '数据已被他人修改，请刷新后重试',
      en: 'Someone else changed this in the meantime; reload and try again',
    },
  },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof catalogue;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(catalogue, code);
}

export function messageFor(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const template: string = catalogue[code].messages[locale];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
