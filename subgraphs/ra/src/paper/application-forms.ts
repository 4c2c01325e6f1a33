import type { BusinessType } from '../applications/business-type';
import type { CertificateApplication } from '../applications/certificate-application.entity';
import type { Subscriber } from '../subscribers/subscriber.entity';
import {
  businessTypeNames,
  certificateKindNames,
  channelNames,
  hierarchyNames,
  nameOf,
  paperDate,
  revocationReasonNames,
} from './paper-labels';
import type { Sheet, SheetRow, SheetSection, SignatureBox } from './paper-sheet';

/** The four application forms of seed 002: which one an application is written on. */
export type ApplicationFormName = 'application' | 'change' | 'unlock';

/** Business types written on the change, suspension, release and revocation form (RA-3..RA-5, RA-7, RA-8). */
const changeForm: readonly BusinessType[] = [
  'change',
  'revocation',
  'suspension',
  'release',
  'lost_reissue',
  'damaged_replacement',
];

export function formOf(type: BusinessType): ApplicationFormName {
  if (type === 'unlock') return 'unlock';
  return changeForm.includes(type) ? 'change' : 'application';
}

/** The title printed on the form (RA-10): 单位/个人 by the certificate's holder. */
export function formTitle(application: Pick<CertificateApplication, 'businessType' | 'certificateKind'>): string {
  const holder = application.certificateKind === 'personal' ? '个人' : '单位';
  switch (formOf(application.businessType)) {
    case 'application':
      return `${holder}证书申请（更新）表`;
    case 'change':
      return `${holder}证书变更、挂起、解挂、吊销表`;
    case 'unlock':
      return '数字证书解锁申请表';
  }
}

const blank = '';

function subscriberRows(application: CertificateApplication, subscriber: Subscriber): SheetSection[] {
  const idNumber = application.idNumberMasked ?? blank;
  if (application.certificateKind === 'personal') {
    return [
      {
        heading: '申请人信息',
        columns: 2,
        rows: [
          { label: '姓名', value: subscriber.name },
          { label: '社保编号', value: subscriber.socialInsuranceNumber },
          { label: '身份证件号码', value: idNumber },
          { label: '联系电话', value: subscriber.contactPhone },
          { label: '所属地区', value: subscriber.region },
          { label: '电子邮箱', value: application.email ?? blank },
        ],
      },
    ];
  }
  return [
    {
      heading: '单位信息',
      rows: [
        { label: '单位名称', value: subscriber.name },
        { label: '统一社会信用代码', value: subscriber.creditCode ?? blank },
        { label: '主管社保经办机构', value: subscriber.agency },
        ...(application.certificateKind === 'server'
          ? [{ label: '服务器域名', value: application.dnsNames.join('，') }]
          : []),
      ],
    },
    {
      columns: 2,
      rows: [
        { label: '社保编号', value: subscriber.socialInsuranceNumber },
        { label: '组织机构代码', value: subscriber.organizationCode ?? blank },
        { label: '所属地区', value: subscriber.region },
        { label: '电子邮箱', value: application.email ?? blank },
        { label: '经办人', value: subscriber.contactName },
        { label: '联系电话', value: subscriber.contactPhone },
        { label: '经办人身份证件号码', value: idNumber },
      ],
    },
  ];
}

function businessRows(application: CertificateApplication): SheetSection[] {
  const summary: SheetRow[] = [
    { label: '业务类型', value: businessTypeNames[application.businessType] },
    { label: '证书类别', value: nameOf(certificateKindNames, application.certificateKind) },
    { label: '证书算法', value: nameOf(hierarchyNames, application.hierarchy) },
    { label: '受理方式', value: nameOf(channelNames, application.channel) },
  ];
  const rows: SheetRow[] = [];
  const form = formOf(application.businessType);
  if (form === 'change') {
    rows.push({
      label: '办理事项',
      value: changeForm
        .map((type) => `${type === application.businessType ? '■' : '□'}${businessTypeNames[type]}`)
        .join('  '),
    });
  }
  const target = application.certificateId ?? application.replacedCertificateId;
  if (form !== 'application' || application.businessType === 'renewal') {
    rows.push({ label: '原证书编号', value: target ?? blank });
  }
  if (application.businessType === 'revocation' && application.revocationReason) {
    rows.push({ label: '吊销原因', value: revocationReasonNames[application.revocationReason] });
  }
  if (form === 'unlock' || application.businessType === 'damaged_replacement') {
    rows.push({ label: '介质（EKey）序列号', value: application.mediumSerialNumber ?? blank });
    rows.push({ label: '介质购买日期', value: application.mediumPurchasedOn ?? blank });
  }
  if (form === 'change' && application.businessType === 'change') {
    rows.push({ label: '变更内容', value: blank });
  }
  return [{ heading: '申请业务', columns: 2, rows: summary }, ...(rows.length ? [{ rows }] : [])];
}

function subscriberSignatures(application: CertificateApplication): SignatureBox[] {
  if (application.certificateKind === 'personal') return [{ label: '申请人签名' }];
  return [{ label: '申请单位（盖章）', stamp: true }, { label: '经办人签名' }];
}

const officeUse: SheetSection = {
  heading: '以下由受理点填写',
  columns: 2,
  rows: [
    { label: '录入人员', value: blank },
    { label: '审核人员', value: blank },
    { label: '制证人员', value: blank },
    { label: '档案管理员', value: blank },
  ],
};

/**
 * An application form pre-filled from the application (RA-10), for the subscriber to sign and
 * stamp: the unit's or person's details, the business asked for, signature and stamp boxes, and
 * the boxes the clerks fill in by hand.
 */
export function applicationFormSheet(
  application: CertificateApplication,
  subscriber: Subscriber,
  printedAt: Date,
): Sheet {
  const signatures = subscriberSignatures(application);
  if (application.businessType === 'new' && application.certificateKind !== 'personal') {
    signatures.push({ label: '主管社保经办机构意见（盖章）', stamp: true });
  }
  return {
    title: formTitle(application),
    reference: [`申请编号：${application.id}`, `填表日期：${paperDate(printedAt)}`],
    sections: [...businessRows(application), ...subscriberRows(application, subscriber), officeUse],
    signatures,
    notes: [
      application.certificateKind === 'personal'
        ? '本人承诺以上所填信息真实、准确、有效，并随表提交本人身份证件复印件。'
        : '本单位承诺以上所填信息真实、准确、有效，所附证明文件复印件均已加盖公章。',
      '本表一式三联：第一联、第二联连同身份证明文件交档案管理员保管，用户留存联由订户自行保管。',
    ],
  };
}
