import type { ErrorEntry } from '../catalogue';

/** The identity subgraph's codes (ID-1..ID-19); ID-2, ID-4 and ID-5 carry the domain's exact words. */
export const identityErrors = {
  USERNAME_INVALID: {
    messages: {
      'zh-CN': '用户名须为4至20位，以字母开头，只含字母、数字和下划线',
      en: 'The username must be 4 to 20 characters: a letter first, then letters, digits or underscores',
    },
  },
  USERNAME_TAKEN: {
    messages: { 'zh-CN': '用户名已被使用', en: 'This username is already used' },
  },
  PASSWORD_TOO_SHORT: {
    messages: { 'zh-CN': '密码至少需要{min}位', en: 'The password needs at least {min} characters' },
  },
  PASSWORD_TOO_LONG: {
    messages: { 'zh-CN': '密码不能超过{max}位', en: 'The password may have at most {max} characters' },
  },
  PASSWORD_TOO_SIMPLE: {
    messages: {
      'zh-CN': '密码须包含大写字母、小写字母、数字、符号中的至少{classes}类',
      en: 'The password needs at least {classes} of: upper-case letters, lower-case letters, digits, symbols',
    },
  },
  PASSWORD_SAME_AS_USERNAME: {
    messages: { 'zh-CN': '密码不能与用户名相同', en: 'The password must differ from the username' },
  },
  PASSWORD_CONFIRMATION_MISMATCH: {
    messages: { 'zh-CN': '两次输入的密码不一致', en: 'The two passwords differ' },
  },
  NAME_INVALID: {
    messages: { 'zh-CN': '请输入与证件一致的姓名', en: 'Enter the name as it is written on the ID document' },
  },
  ID_NUMBER_INVALID: {
    messages: {
      'zh-CN': '证件号码格式不正确，请核对',
      en: 'The ID number is not valid for this ID type; please check it',
    },
  },
  MOBILE_INVALID: {
    messages: { 'zh-CN': '请输入正确的11位手机号码', en: 'Enter a valid 11-digit mainland mobile number' },
  },
  BANK_CARD_INVALID: {
    messages: { 'zh-CN': '银行卡号不正确，请核对', en: 'The bank card number is not valid; please check it' },
  },
  BANK_CARD_CREDIT: {
    messages: {
      'zh-CN': '不支持信用卡，请使用合作银行的借记卡',
      en: 'Credit cards cannot be used; use a debit card of a partner bank',
    },
  },
  BANK_CARD_UNKNOWN: {
    messages: {
      'zh-CN': '无法识别该银行卡，请使用合作银行的借记卡',
      en: 'This card is not recognised; use a debit card of a partner bank',
    },
  },
  BANK_CARD_NOT_OF_BANK: {
    messages: {
      'zh-CN': '银行卡号与所选银行不符',
      en: 'The card number does not belong to the selected bank',
    },
  },
  BANK_UNKNOWN: {
    messages: { 'zh-CN': '不是合作银行', en: 'This is not a partner bank' },
  },
  BANK_NOT_CONNECTED: {
    messages: {
      'zh-CN': '该银行系统正在改造中，暂不支持验证，请使用其他合作银行的借记卡',
      en: "This bank's system is being upgraded and cannot verify yet; use a debit card of another partner bank",
    },
  },
  IDENTITY_MISMATCH: {
    messages: {
      'zh-CN': '人员姓名或证件类型或证件号与银行登记不匹配',
      en: "The name, ID type or ID number do not match the bank's records",
    },
  },
  PHONE_MISMATCH: {
    messages: {
      'zh-CN': '手机号与银行预留手机号不一致，请更换银行卡验证或去对应银行网点修改预留手机号',
      en: 'The mobile number differs from the one reserved at the bank; use another card, or update the number at a branch of the bank',
    },
  },
  VERIFICATION_UNAVAILABLE: {
    messages: {
      'zh-CN': '银行实名验证暂不可用，请稍后再试',
      en: 'Real-name verification by the bank is unavailable right now; please try again later',
    },
  },
  VERIFICATION_ATTEMPTS_EXCEEDED: {
    messages: {
      'zh-CN': '实名验证次数过多，请重新开始注册',
      en: 'Too many verification attempts; start the registration again',
    },
  },
  IDENTITY_ALREADY_REGISTERED: {
    messages: {
      'zh-CN': '该证件已注册过用户，请使用找回用户名功能',
      en: 'An account is already registered for this ID document; use "forgot username"',
    },
  },
  SMS_RATE_LIMITED: {
    messages: {
      'zh-CN': '短信发送过于频繁，请{seconds}秒后再试',
      en: 'Too many text messages; try again in {seconds} s',
    },
  },
  SMS_CODE_INVALID: {
    messages: { 'zh-CN': '短信验证码不正确', en: 'The SMS code is wrong' },
  },
  SMS_CODE_EXPIRED: {
    messages: {
      'zh-CN': '短信验证码已失效，请重新获取',
      en: 'The SMS code has expired or was used up; request a new one',
    },
  },
  CAPTCHA_INVALID: {
    messages: {
      'zh-CN': '验证码不正确或已过期，请重新输入',
      en: 'The captcha is wrong or has expired; try the new one',
    },
  },
  REGISTRATION_FLOW_EXPIRED: {
    messages: {
      'zh-CN': '注册已超时，请重新开始',
      en: 'The registration has expired; please start again',
    },
  },
  REGISTRATION_STEP_INVALID: {
    messages: {
      'zh-CN': '请按顺序完成注册步骤',
      en: 'Complete the registration steps in order',
    },
  },
  INVALID_CREDENTIALS: {
    messages: { 'zh-CN': '用户名或密码错误', en: 'The username or password is wrong' },
  },
  SIGN_IN_LOCKED: {
    messages: {
      'zh-CN': '登录失败次数过多，请{seconds}秒后再试',
      en: 'Too many failed sign-ins; try again in {seconds} s',
    },
  },
  ATTEMPTS_LOCKED: {
    messages: {
      'zh-CN': '尝试次数过多，请{seconds}秒后再试',
      en: 'Too many attempts; try again in {seconds} s',
    },
  },
  LEGACY_SIGN_IN_ENDED: {
    messages: {
      'zh-CN': '身份证号登录方式已停止使用，请注册社会统一用户平台账号，使用用户名和密码登录',
      en: 'Sign-in by ID number has ended; register an account of the unified user platform and sign in with username and password',
    },
  },
  SESSION_INVALID: {
    messages: { 'zh-CN': '登录已失效，请重新登录', en: 'Your session has ended; please sign in again' },
  },
  CURRENT_PASSWORD_WRONG: {
    messages: { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  },
  PASSWORD_SAME_AS_CURRENT: {
    messages: { 'zh-CN': '新密码不能与原密码一致', en: 'The new password must differ from the current one' },
  },
  SECURITY_ANSWERS_INVALID: {
    messages: {
      'zh-CN': '请为至少{minimum}个不同的密保问题设置答案',
      en: 'Answer at least {minimum} different security questions',
    },
  },
  RECOVERY_FAILED: {
    messages: {
      'zh-CN': '验证未通过，请核对填写的信息',
      en: 'The verification failed; check what you entered',
    },
  },
  RECOVERY_FLOW_EXPIRED: {
    messages: { 'zh-CN': '找回已超时，请重新开始', en: 'The recovery has expired; please start again' },
  },
  PROFILE_FIELD_IMMUTABLE: {
    messages: {
      'zh-CN': '用户名、证件类型和证件号码不可修改',
      en: 'The username, ID type and ID number cannot be changed',
    },
  },
  PROFILE_NOT_VERIFIED: {
    messages: {
      'zh-CN': '该账户未经实名认证，无法变更用户信息',
      en: 'This account has no real-name verification; its information cannot be changed here',
    },
  },
  PASSWORD_RESET_REQUIRED: {
    messages: {
      'zh-CN': '管理员要求您重设密码，请通过“忘记密码”设置新密码',
      en: 'An administrator requires a new password; set one through "forgot password"',
    },
  },
  USER_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该用户', en: 'No such user' },
  },
  APPLICATION_SYSTEM_INVALID: {
    messages: {
      'zh-CN': '应用系统信息不正确（编码须唯一，权限须为已定义的范围）',
      en: 'The application system is not valid (unique code, known scopes only)',
    },
  },
  APPLICATION_SYSTEM_URI_INVALID: {
    messages: {
      'zh-CN': '地址 {uri} 不可用：须为完整的 http 或 https 地址，不含 # 片段、通配符 * 和用户名密码',
      en: 'The address {uri} cannot be used: it must be a full http or https address without a # fragment, a * wildcard or a user name and password',
    },
  },
  APPLICATION_SYSTEM_HTTPS_REQUIRED: {
    messages: {
      'zh-CN': '生产环境中地址须使用 https：{uri}',
      en: 'In production the address must use https: {uri}',
    },
  },
  APPLICATION_SYSTEM_TOO_MANY_URIS: {
    messages: { 'zh-CN': '每类地址最多登记{max}个', en: 'At most {max} addresses of each kind' },
  },
  APPLICATION_SYSTEM_OPENID_REQUIRED: {
    messages: {
      'zh-CN': '登记了登录回调地址的系统（单点登录）须包含 openid 授权范围',
      en: 'A system with sign-in return addresses (single sign-on) needs the openid scope',
    },
  },
  APPLICATION_SYSTEM_KEYS_REQUIRED: {
    messages: {
      'zh-CN': '私钥签名认证须提供公钥地址或公钥集（JWKS）二者之一；其他认证方式不使用公钥',
      en: 'Private-key authentication needs either a public-key URL or a public key set (JWKS), not both; other methods use no keys',
    },
  },
  APPLICATION_SYSTEM_KEYS_INVALID: {
    messages: {
      'zh-CN': '公钥集须为含 keys 数组的 JSON 对象，只含公钥（不得含私钥成分）',
      en: 'The key set must be a JSON object with a keys array of public keys only (no private key members)',
    },
  },
  APPLICATION_SYSTEM_PAIRWISE_HOSTS: {
    messages: {
      'zh-CN': '按系统区分用户标识时，所有登录回调地址须在同一主机上',
      en: 'With a per-system user identifier every sign-in return address must be on one host',
    },
  },
  APPLICATION_SYSTEM_TTL_OUT_OF_RANGE: {
    messages: {
      'zh-CN': '有效期须在{min}至{max}秒之间',
      en: 'The lifetime must be between {min} and {max} seconds',
    },
  },
  APPLICATION_SYSTEM_PUBLIC_CLIENT: {
    messages: {
      'zh-CN': '该系统为公开客户端（不使用密钥），没有可更换的密钥',
      en: 'This system is a public client (no secret); it has no secret to replace',
    },
  },
  INVALID_CLIENT: {
    messages: { 'zh-CN': '应用系统凭证无效', en: 'The client credentials are not valid' },
  },
  TOTP_REQUIRED: {
    messages: {
      'zh-CN': '请输入动态验证码（身份验证器应用中的6位数字）',
      en: 'Enter the one-time code (6 digits from your authenticator app)',
    },
  },
  TOTP_INVALID: {
    messages: { 'zh-CN': '动态验证码不正确', en: 'The one-time code is wrong' },
  },
  STAFF_ACCOUNT_INVALID: {
    messages: {
      'zh-CN': '工作人员账户信息不正确（须有姓名和至少一个已定义的角色）',
      en: 'The staff account is not valid (a name and at least one known role)',
    },
  },
  PASSWORD_CHANGE_TICKET_INVALID: {
    messages: {
      'zh-CN': '设置新密码的步骤已过期或无效，请重新登录',
      en: 'The step to set a new password has expired or is not valid; sign in again',
    },
  },
  NOT_A_STAFF_ACCOUNT: {
    messages: {
      'zh-CN': '该账户不是工作人员账户；个人用户请通过“忘记密码”重设密码',
      en: 'This is not a staff account; citizens set a new password through "forgot password"',
    },
  },
  STAFF_PASSWORD_RESET_BY_ADMINISTRATOR: {
    messages: {
      'zh-CN': '工作人员不使用“忘记密码”，请由管理员重置密码并发放临时密码',
      en: 'Staff do not use "forgot password": an administrator resets the password and hands over a temporary one',
    },
  },
  SSO_INTERACTION_EXPIRED: {
    httpStatus: 404,
    messages: {
      'zh-CN': '登录已超时或已在其他页面完成，请回到业务系统重新登录',
      en: 'This sign-in has expired or was finished elsewhere; start again from the business system',
    },
  },
  SSO_REQUEST_INVALID: {
    httpStatus: 400,
    messages: { 'zh-CN': '登录请求无效', en: 'The sign-in request is not valid' },
  },
  SYSTEM_REQUIRES_REAL_NAME: {
    httpStatus: 403,
    messages: {
      'zh-CN': '该业务系统仅对已实名认证的用户开放，请先登录统一用户平台完成实名认证',
      en: 'This business system is open to real-name verified users only; verify your real name on the platform first',
    },
  },
  PASSWORD_CHANGE_REQUIRED: {
    httpStatus: 409,
    messages: {
      'zh-CN': '请先在管理端使用临时密码登录并设置新密码',
      en: 'Sign in to the admin client with your temporary password and set a new one first',
    },
  },
  // Issue 15, certificate sign-in (identity's side: challenges, unit accounts).
  CERTIFICATE_CHALLENGE_INVALID: {
    httpStatus: 400,
    messages: {
      'zh-CN': '证书登录的挑战无效或不属于本次登录，请重新获取',
      en: 'The certificate sign-in challenge is not valid or belongs to another sign-in; get a new one',
    },
  },
  CERTIFICATE_CHALLENGE_USED: {
    httpStatus: 409,
    messages: {
      'zh-CN': '该挑战已使用过，每个挑战只能签名登录一次，请重新获取',
      en: 'This challenge was already used: each challenge signs one sign-in only; get a new one',
    },
  },
  CERTIFICATE_CHALLENGE_EXPIRED: {
    httpStatus: 410,
    messages: {
      'zh-CN': '挑战已过期，请重新获取并在{seconds}秒内完成签名',
      en: 'The challenge has expired; get a new one and sign it within {seconds} s',
    },
  },
  CERTIFICATE_HOLDER_UNAVAILABLE: {
    httpStatus: 403,
    messages: {
      'zh-CN': '证书持有人的账户不存在或已被锁定，请联系管理员',
      en: "The certificate holder's account does not exist or is locked; contact an administrator",
    },
  },
  UNIT_ACCOUNT_DISABLED: {
    httpStatus: 403,
    messages: {
      'zh-CN': '该单位账户已被停用，请联系社保经办机构',
      en: 'This unit account is disabled; contact the social-insurance agency',
    },
  },
  UNIT_ACCOUNT_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该单位账户', en: 'No such unit account' },
  },
  CERTIFICATE_SIGN_IN_UNAVAILABLE: {
    httpStatus: 503,
    messages: {
      'zh-CN': '证书登录暂不可用，请稍后再试或使用密码登录',
      en: 'Certificate sign-in is unavailable right now; try again later or sign in with your password',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
