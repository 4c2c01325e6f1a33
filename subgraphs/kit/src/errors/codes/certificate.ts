import type { ErrorEntry } from '../catalogue';

/** The certificate subgraph's codes (CT-1..CT-6, RA-11 enrollment). */
export const certificateErrors = {
  CSR_MALFORMED: {
    messages: { 'zh-CN': '证书请求(CSR)格式不正确', en: 'The certificate signing request (CSR) is malformed' },
  },
  CSR_SIGNATURE_INVALID: {
    messages: {
      'zh-CN': '证书请求(CSR)签名验证失败，无法证明持有私钥',
      en: 'The CSR signature does not verify: possession of the private key is not proven',
    },
  },
  CSR_KEY_UNSUPPORTED: {
    messages: {
      'zh-CN': '不支持的密钥类型，请使用 RSA-2048 及以上、P-256/P-384 或 SM2 密钥',
      en: 'Unsupported key: use RSA with at least 2048 bits, P-256/P-384, or SM2',
    },
  },
  CSR_ALGORITHM_MISMATCH: {
    messages: {
      'zh-CN':
        '证书请求的密钥算法与申请选择的不符：{hierarchy} 体系只签发 {expected} 密钥的证书（国密申请须用 SM2 证书请求，国际申请须用 RSA/ECC 证书请求）',
      en: "The CSR's key algorithm is not the one the application chose: the {hierarchy} hierarchy certifies {expected} keys only (an SM2 application needs an SM2 CSR, an international one an RSA/ECC CSR)",
    },
  },
  DNS_NAMES_REQUIRED: {
    messages: { 'zh-CN': '服务器证书必须包含至少一个域名', en: 'A server certificate needs at least one DNS name' },
  },
  DNS_NAME_INVALID: {
    messages: {
      'zh-CN':
        '域名“{dnsName}”格式不正确（须为小写字母、数字和连字符组成的标签，国际化域名以 punycode 表示，不得使用通配符）',
      en: 'The DNS name "{dnsName}" is not valid (letter, digit and hyphen labels, internationalised names as punycode, no wildcards)',
    },
  },
  DNS_NAMES_NOT_ALLOWED: {
    messages: { 'zh-CN': '只有服务器证书可以包含域名', en: 'Only server certificates carry DNS names' },
  },
  SUBSCRIBER_IDENTITY_INVALID: {
    messages: {
      'zh-CN': '订户的“{field}”不能写入证书（GM/T 0015 身份标识扩展：格式或长度不符）',
      en: "The subscriber's {field} cannot be carried in the certificate (GM/T 0015 identity extension: wrong format or length)",
    },
  },
  SUBJECT_EMAIL_INVALID: {
    messages: {
      'zh-CN': '电子邮件地址格式不正确（仅限 ASCII 字符）',
      en: 'The email address is not valid (ASCII characters only)',
    },
  },
  CSR_NAMES_NOT_APPROVED: {
    messages: {
      'zh-CN': '证书请求(CSR)的备用名称“{name}”不在审核通过的名称之内',
      en: 'The CSR asks for the alternative name "{name}", which was not approved',
    },
  },
  CERTIFICATE_LINT_FAILED: {
    messages: {
      'zh-CN': '证书未通过签发前检查，未签发',
      en: 'The certificate failed the pre-issuance checks and was not issued',
    },
  },
  CERTIFICATE_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该证书', en: 'No such certificate' },
  },
  CERTIFICATE_NOT_ISSUED: {
    messages: { 'zh-CN': '证书尚未签发', en: 'The certificate has not been issued yet' },
  },
  CERTIFICATE_ALREADY_ISSUED: {
    messages: { 'zh-CN': '该证书已签发，不能重复制证', en: 'This certificate has already been issued' },
  },
  ENROLLMENT_CODES_INVALID: {
    messages: {
      'zh-CN': '参考码或授权码错误，或已被使用',
      en: 'The reference code or authorization code is wrong or has already been used',
    },
  },
  ENROLLMENT_LOCKED: {
    messages: {
      'zh-CN': '授权码错误次数过多，已锁定，请联系RA重新审核',
      en: 'Too many wrong authorization codes: the enrollment is locked; ask the RA for new codes',
    },
  },
  ENROLLMENT_EXPIRED: {
    messages: {
      'zh-CN': '参考码和授权码已过期，请联系RA重新办理',
      en: 'The codes have expired; ask the RA for new ones',
    },
  },
  CERTIFICATE_ALREADY_REVOKED: {
    messages: {
      'zh-CN': '证书已吊销，不能再变更状态',
      en: 'The certificate is revoked; its status can no longer change',
    },
  },
  CERTIFICATE_NOT_SUSPENDED: {
    messages: { 'zh-CN': '证书未处于挂起状态', en: 'The certificate is not suspended' },
  },
  CERTIFICATE_ALREADY_SUSPENDED: {
    messages: { 'zh-CN': '证书已处于挂起状态', en: 'The certificate is already suspended' },
  },
  REVOCATION_REASON_INVALID: {
    messages: { 'zh-CN': '吊销原因无效', en: 'The revocation reason is not valid for this operation' },
  },
  EKEY_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该EKey', en: 'No such EKey' },
  },
  EKEY_LOCKED: {
    messages: {
      'zh-CN': '口令输错5次，EKey已被锁死，请携带单位公章、经办人身份证复印件、EKey到RA中心进行解锁',
      en: 'The EKey is locked after 5 wrong PINs; bring the unit seal, a copy of the agent ID and the EKey to the RA to unlock it',
    },
  },
  EKEY_NOT_LOCKED: {
    messages: { 'zh-CN': 'EKey未被锁定，无需解锁', en: 'The EKey is not locked' },
  },
  EKEY_UNLOCK_APPLICATION_REQUIRED: {
    messages: { 'zh-CN': '解锁须有RA审核通过的解锁申请', en: 'Unlocking needs an approved RA unlock application' },
  },
  EKEY_ALREADY_REGISTERED: {
    messages: { 'zh-CN': '该序列号的EKey已登记', en: 'An EKey with this serial number is already registered' },
  },
  CERTIFICATE_STATUS_RATE_LIMITED: {
    messages: {
      'zh-CN': '证书状态查询过于频繁，请{retryAfterSeconds}秒后再试',
      en: 'Too many certificate status queries; try again in {retryAfterSeconds} s',
    },
  },
  CA_IMPORT_INVALID: {
    messages: {
      'zh-CN': '导入的 CA 证书与密钥不匹配或证书链无效',
      en: 'The imported CA certificate does not match its key or does not chain to the root',
    },
  },
  CA_ROOT_KEY_OFFLINE: {
    messages: {
      'zh-CN':
        '{hierarchy} 体系的根 CA 私钥不在线（例如导入时未带根密钥），无法签发新的下级 CA：请先导入根密钥或在离线根 CA 处签发',
      en: 'The root CA key of hierarchy {hierarchy} is offline (e.g. imported without it): a new issuing CA cannot be signed; import the root key first, or sign at the offline root',
    },
  },
  CA_HIERARCHY_UNKNOWN: {
    messages: {
      'zh-CN': '未配置 CA 体系“{hierarchy}”（已配置：{configured}）',
      en: 'The CA hierarchy "{hierarchy}" is not configured (configured: {configured})',
    },
  },
  DUAL_CERTIFICATE_USAGE_INVALID: {
    messages: {
      'zh-CN': '双证书须以签名证书申请，加密证书由密钥管理中心配发',
      en: 'A dual certificate is requested as a signing certificate; the key management centre adds the encryption one',
    },
  },
  KMC_NOT_CONFIGURED: {
    messages: {
      'zh-CN': '密钥管理中心未配置（KMC_KEY_ENCRYPTION_KEY），无法签发双证书',
      en: 'The key management centre is not configured (KMC_KEY_ENCRYPTION_KEY): dual certificates are unavailable',
    },
  },
  KEY_ESCROW_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该加密证书的托管密钥', en: 'No escrowed key for this encryption certificate' },
  },
  KEY_ESCROW_UNREADABLE: {
    messages: {
      'zh-CN': '托管密钥无法用当前的密钥管理中心主密钥解开',
      en: 'The escrowed key does not open with the configured KMC key-encryption key',
    },
  },
  KEY_RECOVERY_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该密钥恢复申请', en: 'No such key recovery' },
  },
  KEY_RECOVERY_TARGET_INVALID: {
    messages: {
      'zh-CN': '密钥恢复的接收证书须是同一主体、使用中的签名证书',
      en: 'A recovered key is delivered only to an in-use signing certificate of the same subject',
    },
  },
  KEY_RECOVERY_STATE_INVALID: {
    messages: {
      'zh-CN': '密钥恢复申请当前状态（{state}）不允许此操作',
      en: 'The key recovery is {state}: this step is not allowed',
    },
  },
  KEY_RECOVERY_ROLE_REQUIRED: {
    messages: {
      'zh-CN': '此密钥恢复步骤须由{role}办理',
      en: 'This key recovery step needs the {role} role',
    },
  },
  KEY_RECOVERY_SAME_PERSON: {
    messages: {
      'zh-CN': '密钥恢复须两人办理：申请人不能审批自己的申请',
      en: 'Key recovery needs two people: whoever opened the request cannot decide it',
    },
  },
  // Issue 15, certificate sign-in (the certificate subgraph's check): CT-6's client codes where one applies.
  SIGN_IN_CERTIFICATE_MALFORMED: {
    messages: {
      'zh-CN': '没有找到证书或证书格式不正确（-10101011）：请插入证书或重新选择证书',
      en: 'No certificate found, or it is malformed (-10101011): plug the EKey in or select the certificate again',
    },
  },
  SIGN_IN_SIGNATURE_INVALID: {
    messages: {
      'zh-CN': '签名数据失败（-10101019）：签名与证书或挑战不符，请重新签名',
      en: 'Signing the data failed (-10101019): the signature does not match the certificate or the challenge; sign again',
    },
  },
  SIGN_IN_CERTIFICATE_UNTRUSTED: {
    messages: {
      'zh-CN': '没有根证书（-10101029）：该证书不是本平台的 CA 签发的',
      en: "No root certificate (-10101029): this certificate was not issued by the platform's CA",
    },
  },
  SIGN_IN_CERTIFICATE_EXPIRED: {
    messages: {
      'zh-CN': '证书已过期（-10101039）：请携带相关证件办理更新业务',
      en: 'The certificate has expired (-10101039): bring the required documents and apply for renewal',
    },
  },
  SIGN_IN_CERTIFICATE_NOT_YET_VALID: {
    messages: { 'zh-CN': '证书尚未生效', en: 'The certificate is not valid yet' },
  },
  SIGN_IN_CERTIFICATE_UNKNOWN: {
    messages: {
      'zh-CN': '在系统中没有查询到您的KEY（-10101042）：该证书不在本平台的证书库中',
      en: 'Your EKey was not found in the system (-10101042): the platform has no record of this certificate',
    },
  },
  SIGN_IN_CERTIFICATE_SUSPENDED: {
    messages: {
      'zh-CN': '证书已挂起，不能用于登录：请到 RA 中心办理解挂',
      en: 'The certificate is suspended and cannot sign in: apply for its release at the RA',
    },
  },
  SIGN_IN_CERTIFICATE_REVOKED: {
    messages: {
      'zh-CN': '证书已吊销，不能用于登录',
      en: 'The certificate is revoked and cannot sign in',
    },
  },
  SIGN_IN_KEY_USAGE_INVALID: {
    messages: {
      'zh-CN': '该证书的密钥用法不含数字签名（如加密证书），请使用签名证书登录',
      en: 'This certificate is not for digital signatures (an encryption certificate, say): sign in with the signing certificate',
    },
  },
  SIGN_IN_CERTIFICATE_KIND_INVALID: {
    messages: {
      'zh-CN': '服务器证书不能用于登录，请使用个人或单位证书',
      en: 'A server certificate cannot sign in: use a personal or organization certificate',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
