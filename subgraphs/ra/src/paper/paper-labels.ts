import type { CaHierarchyName } from '@tessera/kit';
import type { BusinessType, CertificateKind, RevocationReason } from '../applications/business-type';
import type { ConsultationChannel } from '../customer-service/consultation.entity';
import type { ConsultationCategory, HandlerRole } from '../customer-service/consultation-routing';
import { localDateOf, localTimeOf } from '../customer-service/local-date';

/** The bureau's words for what the paper names (the paper is filed in Chinese only). */
export const businessTypeNames: Record<BusinessType, string> = {
  new: '证书新制',
  renewal: '证书更新',
  change: '证书变更',
  revocation: '证书吊销',
  suspension: '证书挂起',
  release: '证书解挂',
  unlock: '证书解锁',
  lost_reissue: '丢失补办',
  damaged_replacement: '损坏更新',
};

export const certificateKindNames: Record<CertificateKind, string> = {
  personal: '个人证书',
  organization: '单位证书',
  server: '服务器证书',
};

export const hierarchyNames: Record<CaHierarchyName, string> = {
  international: '国际算法（RSA/ECC）',
  sm2: '国密算法（SM2）',
};

export const revocationReasonNames: Record<RevocationReason, string> = {
  unspecified: '未说明',
  keyCompromise: '密钥泄露',
  affiliationChanged: '隶属关系变更',
  superseded: '已被取代',
  cessationOfOperation: '停止使用',
  privilegeWithdrawn: '权限撤销',
};

export const channelNames: Record<'online' | 'counter', string> = { online: '网上申请', counter: '窗口受理' };

export const consultationCategoryNames: Record<ConsultationCategory, string> = {
  certificate_lifecycle: '证书生命周期业务咨询',
  security_products_sales: '信息安全产品及证书销售咨询',
  security_technology_law: '信息安全技术及法律咨询',
};

export const handlerRoleNames: Record<HandlerRole, string> = {
  service_agent: '受理人员',
  marketing: '市场人员',
  technician: '技术人员',
};

export const consultationChannelNames: Record<ConsultationChannel, string> = {
  counter: '现场咨询',
  phone: '电话咨询',
  online: '网上咨询',
};

/** A calendar date as the bureau writes it (China time): 2026年12月05日. */
export function paperDate(instant: Date): string {
  const [year, month, day] = localDateOf(instant).split('-');
  return `${year}年${month}月${day}日`;
}

/** Date and minute, China time: 2026年12月05日 14:03. */
export function paperDateTime(instant: Date): string {
  return `${paperDate(instant)} ${localTimeOf(instant)}`;
}

/** The printed name of a value (entity fields come branded `Opt`, which plain indexing refuses). */
export function nameOf<K extends string>(names: Record<K, string>, key: NoInfer<K>): string {
  return names[key];
}
