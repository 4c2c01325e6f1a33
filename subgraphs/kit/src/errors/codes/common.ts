import type { ErrorEntry } from '../catalogue';

/** Codes every process may return: transport, authentication, permissions, generic input and state. */
export const commonErrors = {
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
  SESSION_ENDED: {
    messages: {
      'zh-CN': '您已退出登录或会话已被结束，请重新登录',
      en: 'This session has ended (signed out, or ended by you or an administrator); please sign in again',
    },
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
  INPUT_CONTROL_CHARACTER: {
    messages: {
      'zh-CN': '{argument} 含有不允许的控制字符',
      en: '{argument} contains a control character, which is not allowed',
    },
  },
  INPUT_TOO_LONG: {
    messages: { 'zh-CN': '{argument} 过长，最多 {max} 个字符', en: '{argument} is too long: at most {max} characters' },
  },
  INPUT_OUT_OF_RANGE: {
    messages: { 'zh-CN': '{argument} 应在 {min} 到 {max} 之间', en: '{argument} must be between {min} and {max}' },
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
    httpStatus: 400,
    withDetail: true,
  },
  PERSISTED_QUERY_NOT_FOUND: {
    messages: { 'zh-CN': '未找到登记的操作', en: 'The registered operation was not found' },
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    messages: { 'zh-CN': '不支持登记的操作', en: 'Registered operations are not supported' },
  },
  PERSISTED_QUERY_HASH_MISMATCH: {
    messages: {
      'zh-CN': '登记操作的哈希值与查询语句不符',
      en: 'The hash of the persisted query does not match the query sent with it',
    },
    httpStatus: 400,
  },
  OPERATION_LIMIT_EXCEEDED: {
    messages: {
      'zh-CN': '查询语句超出限制（{limit}，上限 {max}）',
      en: 'The GraphQL document exceeds a limit ({limit}, at most {max})',
    },
    httpStatus: 400,
  },
  GATEWAY_ASSERTION_INVALID: {
    messages: {
      'zh-CN': '网关凭据无效或已过期',
      en: 'The gateway assertion of this request is forged or expired',
    },
    httpStatus: 401,
  },
  GATEWAY_REQUIRED: {
    messages: {
      'zh-CN': '请通过网关访问',
      en: 'This service answers only the gateway and Tessera services; send the request to the gateway',
    },
    httpStatus: 403,
  },
  OPERATION_NOT_TRUSTED: {
    messages: {
      'zh-CN': '该操作未在客户端登记，不能执行',
      en: 'This operation is not registered by a Tessera client and cannot run',
    },
    httpStatus: 403,
  },
  SERVICE_UNAVAILABLE: {
    messages: { 'zh-CN': '服务暂不可用，请稍后再试', en: 'A service is unavailable; please try again later' },
    httpStatus: 503,
  },
  SERVICE_TIMEOUT: {
    messages: {
      'zh-CN': '服务响应超时，请稍后再试',
      en: 'A service took too long to answer; please try again later',
    },
  },
  CONFLICT: {
    messages: {
      'zh-CN': '数据已被他人修改，请刷新后重试',
      en: 'Someone else changed this in the meantime; reload and try again',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
