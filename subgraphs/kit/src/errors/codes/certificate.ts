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
      'zh-CN': '不支持的密钥类型，请使用 RSA-2048 及以上或 P-256/P-384 密钥',
      en: 'Unsupported key: use RSA with at least 2048 bits, or P-256/P-384',
    },
  },
  DNS_NAMES_REQUIRED: {
    messages: { 'zh-CN': '服务器证书必须包含至少一个域名', en: 'A server certificate needs at least one DNS name' },
  },
  DNS_NAME_INVALID: {
    messages: { 'zh-CN': '域名格式不正确', en: 'A DNS name is not valid' },
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
  CA_IMPORT_INVALID: {
    messages: {
      'zh-CN': '导入的 CA 证书与密钥不匹配或证书链无效',
      en: 'The imported CA certificate does not match its key or does not chain to the root',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
