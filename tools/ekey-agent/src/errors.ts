import type { ErrorResponse, Locale, PinAttempt } from './protocol';

interface AgentErrorEntry {
  status: number;
  /** The CT-6 client error code the support handbook explains. */
  clientCode?: string;
  /** The domain rule the error enforces. */
  rule?: string;
  /** Per locale; `{name}` placeholders are filled from the error's params. */
  messages: Record<Locale, string>;
}

/** Every error the agent answers, by code: stable protocol (pages switch on codes, never on messages). */
export const agentErrors = {
  BAD_JSON: {
    status: 400,
    messages: { 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  },
  BAD_REQUEST: {
    status: 400,
    messages: {
      'zh-CN': '请求参数“{field}”不正确：{problem}',
      en: 'The request field "{field}" is not valid: {problem}',
    },
  },
  BAD_BASE64: {
    status: 400,
    messages: { 'zh-CN': '待签名数据不是有效的 Base64 编码', en: 'The data to sign is not valid base64' },
  },
  DATA_TOO_LARGE: {
    status: 413,
    messages: {
      'zh-CN': '待签名数据超过 {maxBytes} 字节：本程序只签署登录挑战',
      en: 'The data to sign exceeds {maxBytes} bytes: the agent signs sign-in challenges only',
    },
  },
  BODY_TOO_LARGE: {
    status: 413,
    messages: { 'zh-CN': '请求内容超过 {maxBytes} 字节', en: 'The request body exceeds {maxBytes} bytes' },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    messages: { 'zh-CN': '请求内容须为 application/json', en: 'The request body must be application/json' },
  },
  NOT_FOUND: {
    status: 404,
    messages: { 'zh-CN': '没有这个接口', en: 'No such endpoint' },
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    messages: { 'zh-CN': '该接口不支持此请求方法', en: 'The endpoint does not accept this method' },
  },
  ORIGIN_NOT_ALLOWED: {
    status: 403,
    messages: {
      'zh-CN': '网页来源 {origin} 未获准使用本机证书助手',
      en: 'Pages from {origin} may not use the local EKey agent',
    },
  },
  HOST_NOT_ALLOWED: {
    status: 403,
    messages: {
      'zh-CN': '本机证书助手只接受发往本机回环地址的请求',
      en: 'The EKey agent answers requests addressed to the loopback address only',
    },
  },
  TOKEN_NOT_PRESENT: {
    status: 404,
    clientCode: '-10101011',
    rule: 'CT-6',
    messages: {
      'zh-CN': '没有找到证书：请插入 EKey 或激活驱动',
      en: 'No certificate found: plug the EKey in, or activate its driver',
    },
  },
  CERTIFICATE_NOT_FOUND: {
    status: 404,
    clientCode: '-10101011',
    rule: 'CT-6',
    messages: {
      'zh-CN': 'EKey 中没有所选的证书，请重新选择证书',
      en: 'The selected certificate is not on the EKey: select a certificate again',
    },
  },
  KEY_NOT_FOUND: {
    status: 404,
    clientCode: '-10101042',
    rule: 'CT-6',
    messages: {
      'zh-CN': 'EKey 中没有该证书的私钥，请将 EKey 换个 USB 口重新识别',
      en: 'The EKey holds no private key for this certificate: plug it into another USB port',
    },
  },
  KEY_ALGORITHM_UNSUPPORTED: {
    status: 422,
    clientCode: '-10101019',
    rule: 'CT-6',
    messages: {
      'zh-CN': '签名数据失败：本程序不支持该证书的密钥算法（{algorithm}）',
      en: "Signing failed: the agent does not sign with this certificate's key algorithm ({algorithm})",
    },
  },
  SIGNING_FAILED: {
    status: 502,
    clientCode: '-10101019',
    rule: 'CT-6',
    messages: {
      'zh-CN': '签名数据失败：请重新安装 EKey 的驱动程序',
      en: 'Signing failed: reinstall the EKey driver',
    },
  },
  PIN_INCORRECT: {
    status: 403,
    rule: 'CT-3',
    messages: {
      'zh-CN': '口令错误，还可以再试 {remainingAttempts} 次；连续输错 5 次 EKey 将被锁死',
      en: 'Wrong PIN: {remainingAttempts} attempts left; 5 wrong PINs in a row lock the EKey',
    },
  },
  PIN_LOCKED: {
    status: 423,
    rule: 'CT-3',
    messages: {
      'zh-CN': '口令输错 5 次，EKey 已被锁死，请携带单位公章、经办人身份证复印件、EKey 到 RA 中心进行解锁',
      en: 'The EKey is locked after 5 wrong PINs: bring the unit seal, a copy of the agent ID and the EKey to the RA to unlock it',
    },
  },
  INTERNAL_ERROR: {
    status: 500,
    messages: { 'zh-CN': '证书助手内部错误', en: 'Internal error of the EKey agent' },
  },
} as const satisfies Record<string, AgentErrorEntry>;

export type AgentErrorCode = keyof typeof agentErrors;

/** An error the agent answers as typed JSON (`{ error: { code, message, messages, ... } }`). */
export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    readonly params: Record<string, string | number> = {},
    /** The PIN attempt this request made, when the token checked a PIN before the error. */
    readonly pinAttempt?: PinAttempt,
    /** The token the error is about, when one was found. */
    readonly ekeySerial?: string,
  ) {
    super(code);
  }

  get status(): number {
    return agentErrors[this.code].status;
  }

  body(locale: Locale): ErrorResponse {
    const entry: AgentErrorEntry = agentErrors[this.code];
    const messages = {
      'zh-CN': fill(entry.messages['zh-CN'], this.params),
      en: fill(entry.messages.en, this.params),
    };
    return {
      error: {
        code: this.code,
        clientCode: entry.clientCode,
        rule: entry.rule,
        message: messages[locale],
        messages,
        ...this.params,
        ekeySerial: this.ekeySerial ?? this.pinAttempt?.ekeySerial,
        pinAttempt: this.pinAttempt,
      },
    };
  }
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
