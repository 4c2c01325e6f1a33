import type { ErrorEntry } from '../catalogue';

/** The registration authority's codes (RA-1..RA-16). */
export const raErrors = {
  APPLICATION_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该证书申请', en: 'The certificate application was not found' },
  },
  SUBSCRIBER_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该订户', en: 'The subscriber was not found' },
  },
  TRANSITION_NOT_ALLOWED: {
    messages: {
      'zh-CN': '申请当前状态为“{state}”，不能执行“{event}”',
      en: 'An application in state "{state}" cannot take the step "{event}"',
    },
  },
  FOUR_EYES_REQUIRED: {
    messages: {
      'zh-CN': '录入该申请的人员不能审核同一申请，请由另一位审核管理员办理',
      en: 'The person who entered this application cannot review it; another review clerk must',
    },
  },
  DOCUMENTS_INCOMPLETE: {
    messages: {
      'zh-CN': '申请资料不齐全，请核对所有必交资料后再录入',
      en: 'Required documents are missing or unchecked; check every required document first',
    },
  },
  DOCUMENT_NOT_REQUIRED: {
    messages: { 'zh-CN': '该业务不需要此项资料', en: 'This document is not required for this application' },
  },
  DOCUMENT_TYPE_UNSUPPORTED: {
    messages: {
      'zh-CN': '资料文件须为 PDF、JPEG 或 PNG 格式，且不超过 {maxMegabytes} MB',
      en: 'Documents must be PDF, JPEG or PNG files of at most {maxMegabytes} MB',
    },
  },
  DOCUMENT_CONTENT_MISSING: {
    messages: { 'zh-CN': '未找到该资料的扫描件', en: 'No uploaded copy of this document was found' },
  },
  DOCUMENT_CONTENT_CORRUPT: {
    messages: {
      'zh-CN': '资料扫描件已损坏（SHA-256 校验不符），请重新上传',
      en: 'The uploaded copy is damaged (its SHA-256 no longer matches); upload it again',
    },
  },
  FEE_UNPAID: {
    messages: {
      'zh-CN': '尚未按收费标准缴纳费用（应缴 {dueYuan} 元）',
      en: 'The fee has not been paid (due: {dueYuan} yuan)',
    },
  },
  TRANSFER_VOUCHER_REQUIRED: {
    messages: {
      'zh-CN': '电汇付款须登记电汇凭证号',
      en: 'A wire-transfer payment needs the transfer voucher reference',
    },
  },
  REASON_REQUIRED: {
    messages: {
      'zh-CN': '请填写不予受理的原因，以便向订户说明',
      en: 'Give the reason for refusing, so that it can be explained to the subscriber',
    },
  },
  CREDIT_CODE_INVALID: {
    messages: {
      'zh-CN': '统一社会信用代码或组织机构代码不正确',
      en: 'The unified social credit code or organization code is not valid',
    },
  },
  SUBSCRIBER_INCOMPLETE: {
    messages: {
      'zh-CN': '订户信息不完整：{missing}',
      en: 'The subscriber record is incomplete: {missing}',
    },
  },
  CERTIFICATE_REQUIRED: {
    messages: {
      'zh-CN': '该业务须指明所办理的证书',
      en: 'This business type needs the certificate it acts on',
    },
  },
  MEDIUM_REQUIRED: {
    messages: {
      'zh-CN': '解锁业务须填写所解锁EKey的序列号',
      en: 'An unlock needs the serial number of the locked EKey',
    },
  },
  ENROLLMENT_PENDING: {
    messages: {
      'zh-CN': '认证中心尚未返回参考码和授权码，请稍后再制证',
      en: 'The certificate authority has not returned the reference and authorization codes yet; try again shortly',
    },
  },
  REAL_NAME_REQUIRED: {
    messages: {
      'zh-CN': '请先完成实名认证（银行卡验证）后再申请证书',
      en: 'Complete real-name verification (the bank check) before applying for a certificate',
    },
  },
  NOT_YOUR_SUBSCRIBER: {
    messages: {
      'zh-CN': '只能为本人名下的订户提交申请',
      en: 'You can apply only for a subscriber record of your own',
    },
  },
  CA_CALL_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该认证中心调用', en: 'The call to the certificate authority was not found' },
  },
  CA_CALL_STEP_NOT_ALLOWED: {
    messages: {
      'zh-CN': '该认证中心调用当前状态为“{state}”，不能执行“{event}”',
      en: 'A certificate authority call in state "{state}" cannot take the action "{event}"',
    },
  },
  SETTLEMENT_REASON_REQUIRED: {
    messages: {
      'zh-CN': '请填写处理说明（不超过 {maxLength} 字），说明该调用为何无需再向认证中心发送',
      en: 'Give the reason (at most {maxLength} characters) why this call need not reach the certificate authority',
    },
  },
  ID_NUMBER_REQUIRED: {
    messages: {
      'zh-CN': '请填写申请人（个人）或单位经办人的身份证件号码',
      en: 'Give the ID number of the applicant (a person) or of the unit’s officer',
    },
  },
  RENEWAL_NOT_DUE: {
    messages: {
      'zh-CN': '证书到期前 {windowDays} 天内方可办理更新，请于 {renewableFrom} 起再申请',
      en: 'A certificate can be renewed within {windowDays} days of its expiry: apply from {renewableFrom}',
    },
  },
  ISSUANCE_CLOSED: {
    messages: {
      'zh-CN': '证书已交付（或该业务不制证），不再提供证书和加密密钥信封',
      en: 'The certificate has been delivered (or this business type issues none): its certificate and key envelope are no longer given out',
    },
  },
  // Printable paper (issue 17 item 8): the PDFs the counters print.
  TASK_NOT_COMPLETED: {
    messages: {
      'zh-CN': '该申请尚未办结，还没有任务完成记录单',
      en: 'The application is not completed yet: it has no task completion record',
    },
  },
  ARCHIVE_BOX_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该档案盒', en: 'The archive box was not found' },
  },
  CONSULTATION_NOT_FOUND: {
    messages: { 'zh-CN': '未找到该咨询服务记录', en: 'The consultation record was not found' },
  },
} as const satisfies Record<string, ErrorEntry>;
